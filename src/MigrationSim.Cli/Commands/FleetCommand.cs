using System.CommandLine;
using System.Diagnostics;
using MigrationSim.Cli.Sweeps;
using MigrationSim.Model.Fleets;
using MigrationSim.Model.Text;
using MigrationSim.Reporting.Fleets;
using MigrationSim.Reporting.Text;
using MigrationSim.Scenarios.Fleets;
using MigrationSim.Scenarios;

namespace MigrationSim.Cli.Commands;

/// <summary>
/// `migsim fleet FLEET.yaml [--out DIR]`: many guests migrating at once over shared links under an
/// orchestrator; prints the drain time and the guests over their SLA, writes guests.csv,
/// summary.csv, links.csv, utilisation.csv and gantt.png.
/// </summary>
public sealed class FleetCommand
{
    private static readonly Argument<string> Fleet = new("fleet") { Description = "Fleet file (YAML), e.g. scenarios/fleet/maintenance-nova.yaml" };

    private static readonly Option<DirectoryInfo?> Out = new("--out", "-o")
    {
        Description = "Folder for guests.csv, summary.csv, links.csv, utilisation.csv and gantt.png [default: results/fleets/<fleet name>]",
    };

    private static readonly Option<ulong?> Seed = new("--seed") { Description = "Override the fleet's seed (groups are drawn again, guests get new streams)" };

    private static readonly Option<string?> Profile = new("--profile")
    {
        Description = "Host profile (YAML with a host: section, e.g. one written by migsim validate) replacing the fleet's host-profile",
    };

    private static readonly Option<bool> NoFigure = new("--no-figure") { Description = "Skip gantt.png" };

    private static readonly Option<bool> Quiet = new("--quiet", "-q") { Description = "Print only the paths written" };

    public static Command Create(CliConsole console)
    {
        var cmd = new Command("fleet", "Simulate a fleet operation (evacuate, consolidate, rebalance, or a plan) under an orchestrator over shared links; write guests.csv, summary.csv and a Gantt chart.")
        {
            Fleet, Out, Seed, Profile, NoFigure, Quiet,
        };
        CommandHelp.Examples(cmd,
            "migsim fleet scenarios/fleet/maintenance-nova.yaml",
            "migsim fleet scenarios/fleet/node-drain-kubevirt.yaml --out drain --seed 2",
            "migsim plan scenarios/fleet/maintenance-nova.yaml --window 10min --max-downtime 100ms");
        cmd.SetAction((parse, ct) => Task.FromResult(Execute(parse, console)));
        return cmd;
    }

    private static int Execute(ParseResult parse, CliConsole console)
    {
        FleetFile fleet;
        try
        {
            var profile = parse.GetValue(Profile) is { } p ? HostProfileFile.Load(p) : null;
            string path = parse.GetValue(Fleet)!;
            fleet = FleetLoader.LoadFile(path, profile: profile);
            if (parse.GetValue(Seed) is { } seed)
                fleet = FleetLoader.Parse(WithSeed(fleet.SourceText, seed), path, profile: profile);
            fleet.EnsureSimulated();
        }
        catch (ScenarioException e)
        {
            console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }

        var clock = Stopwatch.StartNew();
        FleetResult result = null!;
        int total = fleet.Spec.Requests.Count;
        // A bar for long fleets on a terminal; a line every few seconds in logs.
        ISweepProgress progress = ReferenceEquals(console.Out, Console.Out) && !Console.IsOutputRedirected
            ? new SpectreSweepProgress("migrations")
            : new PlainSweepProgress(console.Out, TimeSpan.FromSeconds(10), "migrations");
        if (total >= 50 && !parse.GetValue(Quiet))
            progress.Run(total, 0, tick => result = FleetSimulation.Run(fleet.Spec, _ => tick()));
        else
            result = FleetSimulation.Run(fleet.Spec);
        clock.Stop();

        string outDir = parse.GetValue(Out)?.FullName ?? Path.Combine("results", "fleets", fleet.Name);
        try
        {
            FleetOutput.Write(outDir, result, figure: !parse.GetValue(NoFigure));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"error: cannot write results to '{outDir}': {e.Message}");
            return ExitCodes.Failure;
        }
        if (!parse.GetValue(Quiet))
        {
            console.Out.Write(FleetSummaryText.Format(result, fleet.Notes));
            console.Out.WriteLine($"  simulated in {clock.Elapsed.TotalSeconds:0.00} s ({Quantity.Count(result.Events)} events)");
        }
        console.Out.WriteLine($"  wrote {Path.Combine(outDir, FleetOutput.GuestsFile)}, {FleetOutput.SummaryFile}, {FleetOutput.LinksFile}, {FleetOutput.UtilisationFile}" +
                              (parse.GetValue(NoFigure) ? "" : $", {FleetOutput.GanttFile}"));
        return ExitCodes.Success;
    }

    /// <summary>The fleet text with its top-level seed replaced (or added).</summary>
    internal static string WithSeed(string text, ulong seed)
    {
        var lines = text.Replace("\r", "").Split('\n').ToList();
        int at = lines.FindIndex(l => l.StartsWith("seed:", StringComparison.Ordinal));
        string line = $"seed: {seed}";
        if (at >= 0) lines[at] = line;
        else lines.Insert(0, line);
        return string.Join('\n', lines);
    }
}
