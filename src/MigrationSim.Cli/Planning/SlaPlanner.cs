using MigrationSim.Kernel;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Policies;
using MigrationSim.Model.Results;

namespace MigrationSim.Cli.Planning;

/// <summary>
/// Searches settings by simulating them (the simulator, not a formula): every policy (precopy,
/// postcopy, hybrid with three switch rules) x a bandwidth ladder (16 MiB/s .. 10 Gbit/s, up to
/// the link speed) x downtime-limits at 1/4, 1/2 and 1 x the SLA x auto-converge off/on, about
/// 200 runs. A scenario whose policy is not one of QEMU's (a plug-in's) has that policy planned
/// too, over the same bandwidths, downtime-limits and auto-converge. A setting meets the SLA when the migration completes with downtime within
/// max-downtime and (if given) total time within max-total.
/// </summary>
public static class SlaPlanner
{
    /// <summary>Without --max-total, a run still going after this long counts as failing (and stops being simulated).</summary>
    public static readonly SimTime DefaultHorizon = SimTime.FromSeconds(600);

    private static readonly (double Bytes, string Label)[] Ladder =
    [
        (16.0 * (1 << 20), "16MiB/s"), (32.0 * (1 << 20), "32MiB/s"), (64.0 * (1 << 20), "64MiB/s"), (128.0 * (1 << 20), "128MiB/s"),
        (256.0 * (1 << 20), "256MiB/s"), (512.0 * (1 << 20), "512MiB/s"), (1024.0 * (1 << 20), "1GiB/s"), (1.25e9, "10Gbit/s"),
    ];

    public static IReadOnlyList<PlanCandidate> Candidates(SimulationInput input, SimTime maxDowntime)
    {
        var bandwidths = Ladder.Where(b => b.Bytes <= input.Link.BandwidthBytesPerSecond * 1.0000001).ToList();
        if (bandwidths.Count == 0) bandwidths.Add((input.Link.BandwidthBytesPerSecond, "link"));
        var limits = new[] { 4, 2, 1 }.Select(d => new SimTime(Math.Max(1_000_000, maxDowntime.Nanoseconds / d))).Distinct().ToList();
        // Postcopy and hybrid need a live migration and a request/response path (latency > 0), as the scenario checks.
        bool postcopyPossible = input.Type == MigrationType.Live && input.Link.Latency > SimTime.Zero;
        var switches = new (SwitchRule Rule, string Label)[]
        {
            (new SwitchRule { AfterIterations = 1 }, "after 1 iteration"),
            (new SwitchRule { AfterIterations = 3 }, "after 3 iterations"),
            (new SwitchRule { OnStall = new StallRule(0.8, 2) }, "on stall"),
        };
        // The scenario's own policy, when it comes from a plug-in, is what the user wants to plan for.
        bool ownPolicy = !PolicyRegistry.BuiltIn.TryGet(input.Policy.Name, out _) && (!input.Policy.UsesPostcopy || postcopyPossible);
        var list = new List<PlanCandidate>();
        foreach (var (bw, label) in bandwidths)
        {
            foreach (var dl in limits)
                foreach (bool ac in new[] { false, true })
                {
                    list.Add(new PlanCandidate(PrecopySpec.Instance, "", bw, label, dl, ac));
                    if (ownPolicy) list.Add(new PlanCandidate(input.Policy, "", bw, label, dl, ac));
                    if (!postcopyPossible) continue;
                    foreach (var (rule, ruleLabel) in switches)
                        list.Add(new PlanCandidate(new HybridSpec(rule), ruleLabel, bw, label, dl, ac));
                }
            // Postcopy stops the source at once: the downtime-limit and auto-converge do not apply.
            if (postcopyPossible)
                list.Add(new PlanCandidate(PostcopySpec.Instance, "", bw, label, maxDowntime, false));
        }
        return list;
    }

    public static IReadOnlyList<PlanOutcome> Evaluate(SimulationInput input, IReadOnlyList<PlanCandidate> candidates, SimTime maxDowntime, SimTime? maxTotal, int jobs, CancellationToken ct)
    {
        // A run past max-total fails whatever happens next, so it need not be simulated further.
        var horizon = maxTotal is { } mt ? new SimTime(mt.Nanoseconds + 1_000_000_000) : DefaultHorizon;
        var outcomes = new PlanOutcome[candidates.Count];
        Parallel.For(0, candidates.Count, new ParallelOptions { MaxDegreeOfParallelism = jobs, CancellationToken = ct }, i =>
        {
            var c = candidates[i];
            var s = MigrationSimulation.Run(c.Apply(input, horizon)).Summary;
            double downtimeMargin = maxDowntime.Milliseconds - (s.DowntimeMs ?? double.PositiveInfinity);
            double? totalMargin = maxTotal is { } t ? t.Milliseconds - s.TotalTimeMs : null;
            bool meets = s.Status == MigrationStatus.Completed && downtimeMargin >= 0 && (totalMargin is null || totalMargin >= 0);
            outcomes[i] = new PlanOutcome(c, s, meets, downtimeMargin, totalMargin);
        });
        return outcomes;
    }

    /// <summary>The settings that meet the SLA, cheapest bandwidth first, then the shortest total time, then the largest downtime margin.</summary>
    public static IReadOnlyList<PlanOutcome> Ranked(IEnumerable<PlanOutcome> outcomes) =>
        outcomes.Where(o => o.MeetsSla)
            .OrderBy(o => o.Candidate.BandwidthBytesPerSecond)
            .ThenBy(o => o.Summary.TotalTimeMs)
            .ThenByDescending(o => o.DowntimeMarginMs)
            .ToList();
}
