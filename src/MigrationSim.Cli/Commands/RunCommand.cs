using System.CommandLine;
using MigrationSim.Cli.Interrupts;
using MigrationSim.Cli.Plugins;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Results;
using MigrationSim.Reporting;
using MigrationSim.Reporting.Text;
using MigrationSim.Scenarios;
using MigrationSim.Scenarios.Limits;

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

    private static readonly Option<string[]> Plugin = PluginOption.Create();

    private static readonly Option<bool> Quiet = new("--quiet", "-q") { Description = "Print only the paths written" };

    private static readonly Option<bool> EveryPoll = new("--every-poll")
    {
        Description = "Write every query-migrate poll at the scenario's interval to timeline.csv as it is taken [default: a long run's timeline is thinned to at most 16,384 evenly spaced polls]",
    };

    private static readonly Option<bool> EveryFault = new("--every-fault")
    {
        Description = "Write every postcopy fault to faults.csv as it happens [default: every fault up to 65,536, then an evenly thinned sample; summary.csv says one in how many]",
    };

    public static Command Create(CliConsole console)
    {
        var cmd = new Command("run", "Simulate one migration scenario and write summary.csv, iterations.csv, timeline.csv (and faults.csv for postcopy).")
        {
            Scenario, Out, Seed, Profile, Plugin, Quiet, EveryPoll, EveryFault,
        };
        CommandHelp.Examples(cmd,
            "migsim init && migsim run scenarios/quickstart.yaml",
            "migsim run scenarios/quickstart-postcopy.yaml --out runs/postcopy --seed 7",
            "migsim run scenarios/web-hotspot.yaml --profile results/validation/profile-tcg-qemu7.2.yaml");
        cmd.SetAction((parse, ct) => Task.FromResult(Execute(parse, console, ct)));
        return cmd;
    }

    private static int Execute(ParseResult parse, CliConsole console, CancellationToken ct)
    {
        if (PluginOption.Load(parse, Plugin, console) is not { } policies) return ExitCodes.BadInput;
        Scenario scenario;
        string? profile = parse.GetValue(Profile);
        try
        {
            scenario = ScenarioLoader.LoadFile(parse.GetValue(Scenario)!, policies);
            if (profile is not null)
            {
                scenario = scenario with { Input = scenario.Input with { Host = HostProfileFile.Load(profile) } };
                InputLimits.Check(scenario.Input, scenario.SourceFile, origin: $"(host constants from --profile {profile})");
            }
            scenario.EnsureSimulated(); // after the profile: it names the QEMU release the engine follows
        }
        catch (ScenarioException e)
        {
            console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        var input = scenario.Input;
        if (parse.GetValue(Seed) is { } seed) input = input with { Seed = seed };
        bool everyPoll = parse.GetValue(EveryPoll), everyFault = parse.GetValue(EveryFault);
        if (everyPoll) input = input with { Timeline = input.Timeline with { EveryPoll = true } };

        string outDir = parse.GetValue(Out)?.FullName ?? Path.Combine("results", "runs", scenario.Name);
        if (RunOutput.Problem(outDir) is { } problem)
        {
            console.Error.WriteLine($"error: --out: {problem}");
            return ExitCodes.BadInput;
        }

        MigrationResult? result = null;
        IReadOnlyList<string>? written = null;
        if (OutputOutcome.Of(console, outDir, "simulate", () =>
            {
                using var output = RunOutput.Begin(outDir, everyPoll, everyFault);
                result = MigrationSimulation.Run(input, output.Attach, ct);
                if (everyFault && result.Summary.FaultsCsvOneIn is not null)
                    result = result with { Summary = result.Summary with { FaultsCsvOneIn = 1 } };
                written = output.Finish(result, ct);
            }) is { } stopped)
            return stopped;
        if (!parse.GetValue(Quiet))
            console.Out.Write(SummaryText.Format(input, result!));
        console.Out.WriteLine($"  wrote {Plural.Of(written!.Count, "file")} in {outDir}: {string.Join(", ", written)}");
        return ExitCodes.Success;
    }
}
