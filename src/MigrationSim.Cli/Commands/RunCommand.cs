using System.CommandLine;
using MigrationSim.Model.Migration;
using MigrationSim.Reporting;
using MigrationSim.Reporting.Text;
using MigrationSim.Scenarios;

namespace MigrationSim.Cli.Commands;

/// <summary>`migsim run SCENARIO`: simulate one scenario, print the summary, write the CSVs.</summary>
public sealed class RunCommand
{
    private static readonly Argument<string> Scenario = new("scenario") { Description = "Scenario file (YAML), e.g. scenarios/quickstart.yaml" };

    private static readonly Option<DirectoryInfo?> Out = new("--out", "-o")
    {
        Description = "Folder for summary.csv, iterations.csv and timeline.csv [default: results/runs/<scenario name>]",
    };

    private static readonly Option<ulong?> Seed = new("--seed") { Description = "Override the scenario's seed" };

    private static readonly Option<string?> Profile = new("--profile")
    {
        Description = "Host profile (YAML with a host: section, e.g. one written by migsim validate) replacing the scenario's host constants",
    };

    private static readonly Option<bool> Quiet = new("--quiet", "-q") { Description = "Print only the paths written" };

    public static Command Create(CliConsole console)
    {
        var cmd = new Command("run", "Simulate one migration scenario and write summary.csv, iterations.csv, timeline.csv.")
        {
            Scenario, Out, Seed, Profile, Quiet,
        };
        cmd.SetAction((parse, ct) => Task.FromResult(Execute(parse, console)));
        return cmd;
    }

    private static int Execute(ParseResult parse, CliConsole console)
    {
        Scenario scenario;
        try
        {
            scenario = ScenarioLoader.LoadFile(parse.GetValue(Scenario)!);
            if (parse.GetValue(Profile) is { } profile)
                scenario = scenario with { Input = scenario.Input with { Host = HostProfileFile.Load(profile) } };
            scenario.EnsureSimulated(); // after the profile: it names the QEMU release the engine follows
        }
        catch (ScenarioException e)
        {
            console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        var input = scenario.Input;
        if (parse.GetValue(Seed) is { } seed) input = input with { Seed = seed };

        var result = MigrationSimulation.Run(input);
        string outDir = parse.GetValue(Out)?.FullName ?? Path.Combine("results", "runs", scenario.Name);
        try
        {
            RunOutput.Write(outDir, result);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"error: cannot write results to '{outDir}': {e.Message}");
            return ExitCodes.Failure;
        }
        if (!parse.GetValue(Quiet))
            console.Out.Write(SummaryText.Format(input, result));
        console.Out.WriteLine($"  wrote {Path.Combine(outDir, RunOutput.SummaryFile)}, {RunOutput.IterationsFile}, {RunOutput.TimelineFile}");
        return ExitCodes.Success;
    }
}
