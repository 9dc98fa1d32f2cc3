using MigrationSim.Kernel;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Policies;
using MigrationSim.Model.Results;

namespace MigrationSim.Analysis.Planning;

/// <summary>
/// Searches settings by simulating them (the simulator, not a formula): the allowed policies
/// (precopy, postcopy, hybrid with three switch rules, and the scenario's own policy when a plug-in brings it) x a bandwidth ladder (16 MiB/s .. 10 Gbit/s,
/// up to the link speed and --max-bandwidth) x downtime-limits at 1/4, 1/2 and 1 x the SLA x
/// auto-converge off/on: about 200 settings, each run for every workload and replication.
/// </summary>
public static class SlaPlanner
{
    /// <summary>Without a total-time limit, a run still going after this long counts as failing (and stops being simulated).</summary>
    public static readonly SimTime DefaultHorizon = SimTime.FromSeconds(600);

    /// <summary>Two rows of one policy whose worst-case costs all differ by less than this fraction are one choice.</summary>
    public const double NearDuplicateTolerance = 0.02;

    private static readonly (double Bytes, string Label)[] Ladder =
    [
        (16.0 * (1 << 20), "16MiB/s"), (32.0 * (1 << 20), "32MiB/s"), (64.0 * (1 << 20), "64MiB/s"), (128.0 * (1 << 20), "128MiB/s"),
        (256.0 * (1 << 20), "256MiB/s"), (512.0 * (1 << 20), "512MiB/s"), (1024.0 * (1 << 20), "1GiB/s"), (1.25e9, "10Gbit/s"),
    ];

    private static readonly (SwitchRule Rule, string Label)[] Switches =
    [
        (new SwitchRule { AfterIterations = 1 }, "after 1 iteration"),
        (new SwitchRule { AfterIterations = 3 }, "after 3 iterations"),
        (new SwitchRule { OnStall = new StallRule(0.8, 2) }, "on stall"),
    ];

    public static IReadOnlyList<PlanCandidate> Candidates(SimulationInput input, PlanConstraints constraints)
    {
        double cap = Math.Min(input.Link.BandwidthBytesPerSecond, constraints.MaxBandwidthBytesPerSecond ?? double.PositiveInfinity);
        var bandwidths = Ladder.Where(b => b.Bytes <= cap * 1.0000001).ToList();
        if (bandwidths.Count == 0) bandwidths.Add((cap, "link"));
        var limits = new[] { 4, 2, 1 }.Select(d => new SimTime(Math.Max(1_000_000, constraints.MaxDowntime.Nanoseconds / d))).Distinct().ToList();
        // Postcopy and hybrid need a live migration and a request/response path (latency > 0), as the
        // scenario checks, and no multifd ("Postcopy is not yet compatible with multifd").
        bool postcopyPossible = input.Type == MigrationType.Live && input.Link.Latency > SimTime.Zero && input.Parameters.Multifd is null;
        bool Allowed(PlanPolicy p) => constraints.Policies.Contains(p) && (p == PlanPolicy.Precopy || postcopyPossible
            || (p == PlanPolicy.Scenario && !input.Policy.UsesPostcopy));
        var list = new List<PlanCandidate>();
        foreach (var (bw, label) in bandwidths)
        {
            foreach (var dl in limits)
                foreach (bool ac in new[] { false, true })
                {
                    if (Allowed(PlanPolicy.Precopy))
                        list.Add(new PlanCandidate(PlanPolicy.Precopy, null, "", bw, label, dl, ac));
                    if (Allowed(PlanPolicy.Scenario))
                        list.Add(new PlanCandidate(PlanPolicy.Scenario, null, "", bw, label, dl, ac) { ScenarioPolicy = input.Policy });
                    if (Allowed(PlanPolicy.Hybrid))
                        foreach (var (rule, ruleLabel) in Switches)
                            list.Add(new PlanCandidate(PlanPolicy.Hybrid, rule, ruleLabel, bw, label, dl, ac));
                }
            if (Allowed(PlanPolicy.Postcopy))
                list.Add(new PlanCandidate(PlanPolicy.Postcopy, null, "", bw, label, constraints.MaxDowntime, false));
        }
        return list;
    }

    /// <summary>The seed of replication <paramref name="k"/>: the scenario's own for k = 0, derived ones after.</summary>
    public static ulong Seed(ulong scenarioSeed, int k) => k == 0 ? scenarioSeed : new RandomStreams(scenarioSeed).Derive($"plan/rep{k}");

    /// <summary>Simulates every candidate over every workload and replication; <paramref name="progress"/> is called once per run, from any thread.</summary>
    public static PlanResult Plan(PlanRequest request, int jobs, CancellationToken ct, Action? progress = null)
    {
        if (request.Workloads.Count == 0) throw new ArgumentException("no workload to plan for", nameof(request));
        if (request.Replications < 1) throw new ArgumentOutOfRangeException(nameof(request), "replications must be at least 1");
        var constraints = request.Constraints;
        var candidates = Candidates(request.Workloads[0].Input, constraints);
        // A run past max-total fails whatever happens next, so it need not be simulated further.
        var horizon = constraints.MaxTotal is { } mt ? new SimTime(mt.Nanoseconds + 1_000_000_000) : DefaultHorizon;
        int perCandidate = request.Workloads.Count * request.Replications;
        var runs = new MigrationSummary[candidates.Count * perCandidate];
        Parallel.For(0, runs.Length, new ParallelOptions { MaxDegreeOfParallelism = jobs, CancellationToken = ct }, i =>
        {
            var c = candidates[i / perCandidate];
            int w = i % perCandidate / request.Replications, k = i % request.Replications;
            var input = request.Workloads[w].Input;
            runs[i] = MigrationSimulation.Run(c.Apply(input with { Seed = Seed(input.Seed, k) }, horizon)).Summary;
            progress?.Invoke();
        });
        var outcomes = candidates.Select((c, ci) =>
        {
            var mine = runs.Skip(ci * perCandidate).Take(perCandidate).ToList();
            var violations = mine.Select(constraints.Violation).ToList();
            int meeting = violations.Count(v => v is null);
            return new PlanOutcome(c, mine, violations, meeting > 0 && meeting >= constraints.MinShare * mine.Count - 1e-9);
        }).ToList();
        return new PlanResult(request, candidates, outcomes, Rank(outcomes.Where(o => o.Accepted), request.Ranking));
    }

    /// <summary>
    /// Accepted outcomes in ranking order, one row per distinct choice: for each policy (and switch
    /// rule) and bandwidth the best-ranked downtime-limit / auto-converge variant, and no row whose
    /// costs all lie within <see cref="NearDuplicateTolerance"/> of a better-ranked row of the same
    /// policy or the same bandwidth.
    /// </summary>
    public static IReadOnlyList<PlanOutcome> Rank(IEnumerable<PlanOutcome> accepted, PlanRanking ranking)
    {
        var ordered = Order(accepted, ranking).ToList();
        var kept = new List<PlanOutcome>();
        var seen = new List<PlanOutcome>();
        foreach (var o in ordered)
        {
            bool sameLabel(PlanOutcome k) => k.Candidate.Label == o.Candidate.Label;
            bool sameBandwidth(PlanOutcome k) => k.Candidate.BandwidthBytesPerSecond == o.Candidate.BandwidthBytesPerSecond;
            // Same policy and bandwidth as a kept row; or the same costs as any better setting of that
            // policy or at that bandwidth (a hybrid that never switched is a precopy already listed).
            bool duplicate = kept.Any(k => sameLabel(k) && sameBandwidth(k)) || seen.Any(k => SameCosts(k, o) && (sameLabel(k) || sameBandwidth(k)));
            seen.Add(o);
            if (!duplicate) kept.Add(o);
        }
        return kept;
    }

    private static IOrderedEnumerable<PlanOutcome> Order(IEnumerable<PlanOutcome> outcomes, PlanRanking ranking)
    {
        // Each criterion on the candidate's worst run; ties broken in a fixed order, then by the simpler setting.
        Func<PlanOutcome, double> bandwidth = o => o.Candidate.BandwidthBytesPerSecond;
        Func<PlanOutcome, double> total = o => o.WorstTotalTimeMs;
        Func<PlanOutcome, double> downtime = o => o.WorstDowntimeMs ?? double.PositiveInfinity;
        Func<PlanOutcome, double> lost = o => 1 - o.WorstGuestProgress;
        var keys = ranking switch
        {
            PlanRanking.TotalTime => new[] { total, bandwidth, downtime, lost },
            PlanRanking.Downtime => [downtime, bandwidth, total, lost],
            PlanRanking.ProgressLost => [lost, bandwidth, total, downtime],
            _ => [bandwidth, total, downtime, lost],
        };
        var sorted = outcomes.OrderBy(keys[0]);
        foreach (var k in keys.Skip(1)) sorted = sorted.ThenBy(k);
        return sorted.ThenBy(o => o.Candidate.AutoConverge).ThenByDescending(o => o.Candidate.DowntimeLimit.Nanoseconds);
    }

    private static bool SameCosts(PlanOutcome a, PlanOutcome b)
    {
        static bool Close(double x, double y) => Math.Abs(x - y) <= NearDuplicateTolerance * Math.Max(Math.Abs(x), Math.Abs(y)) + 1e-9;
        return Close(a.WorstTotalTimeMs, b.WorstTotalTimeMs) && Close(a.WorstDowntimeMs ?? 0, b.WorstDowntimeMs ?? 0)
            && Close(a.WorstGuestProgress, b.WorstGuestProgress) && Close(a.WorstExposureMs, b.WorstExposureMs)
            && Close(a.WorstVcpuBlockedMs, b.WorstVcpuBlockedMs) && Close(a.MaxTransferredBytes, b.MaxTransferredBytes);
    }
}
