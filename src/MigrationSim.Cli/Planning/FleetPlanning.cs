using System.Diagnostics;
using System.Globalization;
using MigrationSim.Cli.Sweeps;
using MigrationSim.Kernel;
using MigrationSim.Model.Text;
using MigrationSim.Reporting.Text;
using MigrationSim.Scenarios.Fleets;
using MigrationSim.Scenarios;

namespace MigrationSim.Cli.Planning;

/// <summary>
/// `migsim plan FLEET.yaml --window 2h --max-downtime 500ms [--no-abort]`: which settings of the
/// fleet's orchestrator drain it within the window with no guest over the downtime SLA, and at
/// what cost (makespan, guest progress lost, postcopy exposure); writes plan.csv.
/// </summary>
public static class FleetPlanning
{
    public static int Execute(CliConsole console, string file, SimTime maxDowntime, SimTime? window, bool noAbort, string? outDir, int jobs, int top, CancellationToken ct)
    {
        if (window is null)
        {
            console.Error.WriteLine("error: --window is required for a fleet: the time the operation must fit in, e.g. --window 2h");
            return ExitCodes.BadInput;
        }
        FleetFile fleet;
        IReadOnlyList<FleetPlanCandidate> candidates;
        try
        {
            fleet = FleetLoader.LoadFile(file);
            fleet.EnsureSimulated();
            candidates = FleetPlanner.Candidates(fleet.Spec);
        }
        catch (ScenarioException e)
        {
            console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (ArgumentException e)
        {
            console.Error.WriteLine($"error: {file}: {e.Message}");
            return ExitCodes.BadInput;
        }

        var clock = Stopwatch.StartNew();
        IReadOnlyList<FleetPlanOutcome> outcomes = [];
        ISweepProgress progress = ReferenceEquals(console.Out, Console.Out) && !Console.IsOutputRedirected
            ? new SpectreSweepProgress("fleets")
            : new PlainSweepProgress(console.Out, TimeSpan.FromSeconds(15), "fleets");
        progress.Run(candidates.Count, 0, tick => outcomes = FleetPlanner.Evaluate(fleet.Spec, candidates, window.Value, maxDowntime, noAbort, jobs, tick, ct));
        clock.Stop();
        var ranked = FleetPlanner.Ranked(outcomes);

        string dir = outDir ?? Path.Combine("results", "plans", fleet.Name);
        string csv = Path.Combine(dir, "plan.csv");
        var options = candidates[0].Varied.Select(v => v.Option).ToList();
        try
        {
            Directory.CreateDirectory(dir);
            using var w = new StreamWriter(csv);
            FleetPlanTable.Csv(ranked, options).Write(w, ranked.Concat(outcomes.Except(ranked).OrderBy(o => o.Result.OverSla).ThenBy(o => o.Result.MakespanMs)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"error: cannot write {csv}: {e.Message}");
            return ExitCodes.Failure;
        }

        var c = CultureInfo.InvariantCulture;
        console.Out.WriteLine($"plan for {fleet.Name} ({fleet.Spec.Operation}) under {fleet.Spec.Orchestrator.Name}: within {Quantity.Milliseconds(window.Value.Milliseconds)}, " +
                              $"downtime <= {Quantity.Milliseconds(maxDowntime.Milliseconds)}{(noAbort ? ", no aborted migration" : "")}; " +
                              $"{candidates.Count} settings simulated in {clock.Elapsed.TotalSeconds.ToString("0.0", c)} s; {ranked.Count} meet it");
        if (ranked.Count == 0)
        {
            var closest = outcomes.OrderBy(o => o.Result.OverSla + (noAbort ? o.Result.Aborted : 0)).ThenBy(o => o.Result.MakespanMs).First();
            console.Out.WriteLine($"  none; the closest: {closest.Candidate.Label}: {closest.Why}");
        }
        else
        {
            console.Out.WriteLine($"  {"#",3}  {"makespan",10} {"over SLA",8} {"aborted",7} {"postcopy",8} {"paused",6} {"max downtime",12} {"progress lost",13} {"exposure",9}  settings");
            int i = 0;
            // Settings whose differences made no difference to the fleet print as one row: "any" where they vary.
            var groups = ranked.GroupBy(o => (o.Result.MakespanMs, o.Result.OverSla, o.Result.Aborted, o.Result.ForcedToPostcopy, o.Result.Paused,
                    o.Result.MaxDowntimeMs, o.Result.ProgressLostSeconds, o.Result.ExposureMs)).ToList();
            foreach (var g in groups.Take(top))
            {
                var r = g.First().Result;
                console.Out.WriteLine($"  {++i,3}  {Quantity.Milliseconds(r.MakespanMs),10} {r.OverSla,8} {r.Aborted,7} {r.ForcedToPostcopy,8} {r.Paused,6} {Quantity.Milliseconds(r.MaxDowntimeMs),12} " +
                                      $"{(r.ProgressLostSeconds.ToString("0.0", c) + " s"),13} {Quantity.Milliseconds(r.ExposureMs),9}  {Settings(g.ToList())}");
            }
            if (groups.Count > top) console.Out.WriteLine($"  ... {groups.Count - top} more (rows with the same result merged); every setting is in {csv}");
        }
        console.Out.WriteLine($"  wrote {csv}");
        return ExitCodes.Success;
    }

    /// <summary>The options the candidates share, "any" where they differ.</summary>
    private static string Settings(IReadOnlyList<FleetPlanOutcome> group)
    {
        var first = group[0].Candidate;
        var parts = first.Varied.Select(v =>
        {
            var values = group.Select(o => o.Candidate.Varied.First(x => x.Option == v.Option).Value).Distinct().ToList();
            return $"{v.Option}={(values.Count == 1 ? values[0] : "any")}";
        }).ToList();
        var orders = group.Select(o => o.Candidate.Order).Distinct().ToList();
        if (first.Order is not null) parts.Add($"order={(orders.Count == 1 ? FleetPlanCandidate.OrderName(orders[0]!.Value) : "any")}");
        return string.Join(" ", parts);
    }
}
