using MigrationSim.Kernel;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Network;
using MigrationSim.Model.Results;
using MigrationSim.Model.Workloads;

namespace MigrationSim.Model.Policies;

/// <summary>
/// What every policy must leave true, whatever it decides: the engine's invariants, checked on
/// small audited migrations. QEMU's policies and any researcher's policy are checked the same way
/// (the test suite runs it over every registered policy and the examples; a plug-in author calls
/// <see cref="Verify"/>).
/// <list type="bullet">
/// <item>the migration ends: completed, cancelled, or stopped at max-time;</item>
/// <item>a completed migration leaves every page on the destination in its latest version (per-page audit);</item>
/// <item>after a postcopy switch every missing page is sent exactly once, no page is requested twice,
/// and every request answers a fault;</item>
/// <item>no precopy window carries more than max-bandwidth/10 plus the page in progress;</item>
/// <item>polls are in time order, transferred never shrinks, the last poll agrees with the summary;</item>
/// <item>iterations are numbered 1..dirty-sync-count and their bytes add up to the total;</item>
/// <item>the same seed gives the same records.</item>
/// </list>
/// </summary>
public static class PolicyContract
{
    private const int PageSize = 4096;

    /// <summary>
    /// A small migration (256 KiB to 32 MiB) drawn from <paramref name="seed"/>: any workload kind
    /// (<see cref="WorkloadRegistry.BuiltIn"/>, with its example settings), rate-limited or not, with postcopy settings when the policy switches.
    /// </summary>
    public static SimulationInput Case(PolicySpec policy, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var rng = new RandomStreams(seed).Get("contract");
        long pages = 1L << (6 + (int)rng.NextUInt64(8));
        long resident = pages * (long)rng.NextUInt64(40) / 100;
        long ws = Math.Max(1, pages * (long)rng.NextUInt64(60) / 100);
        double bandwidth = (256 + (double)rng.NextUInt64(16_128)) * 1024;
        double rate = bandwidth / (PageSize + 8) * rng.NextUInt64(160) / 100.0;
        // One of every workload kind, each kind's own example (a new kind joins the contract by itself).
        var kinds = WorkloadRegistry.BuiltIn.All;
        WorkloadSpec w = kinds[(int)rng.NextUInt64((ulong)kinds.Count)].Example(ws, rate);
        w = w with { ReadRatio = rng.NextUInt64(3) * 0.25 };
        var postcopy = new PostcopyParameters
        {
            PageFaults = rng.NextUInt64(2) == 0 ? PageFaultMode.Synchronous : PageFaultMode.Asynchronous,
            GuestTasks = 1 + (int)rng.NextUInt64(6),
            Prepage = (int)rng.NextUInt64(3) * 4,
            Preempt = rng.NextUInt64(2) == 0,
        };
        bool unlimited = rng.NextUInt64(5) == 0;
        return new SimulationInput
        {
            Name = $"contract-{seed}",
            Seed = seed,
            Guest = new GuestSpec(pages * PageSize, PageSize, resident * PageSize),
            Workload = w,
            Link = new Link(1.25e9, SimTime.FromMicroseconds(50 + rng.NextUInt64(500))),
            Policy = policy,
            Postcopy = policy.UsesPostcopy ? postcopy : new PostcopyParameters(),
            Parameters = new MigrationParameters
            {
                DowntimeLimit = SimTime.FromMilliseconds(5 + rng.NextUInt64(800)),
                MaxBandwidthBytesPerSecond = unlimited ? double.PositiveInfinity : bandwidth,
                MaxPostcopyBandwidthBytesPerSecond = unlimited ? double.PositiveInfinity : bandwidth,
                AutoConverge = new AutoConvergeParameters { Enabled = rng.NextUInt64(2) == 0 },
                MaxTime = SimTime.FromSeconds(120),
            },
            Audit = true,
        };
    }

    /// <summary>Runs <paramref name="input"/> twice and returns every broken invariant (empty when the policy keeps the contract).</summary>
    public static IReadOnlyList<string> Check(SimulationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var windows = new List<WindowInfo>();
        MigrationResult first;
        try
        {
            first = MigrationSimulation.Run(input with { Audit = true }, m => m.WindowClosed += windows.Add);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            return [$"the migration failed: {e.Message}"];
        }
        var problems = CheckResult(input, first, windows).ToList();
        var second = MigrationSimulation.Run(input with { Audit = true });
        if (first.Summary != second.Summary || !first.Iterations.SequenceEqual(second.Iterations)
            || !first.Timeline.SequenceEqual(second.Timeline) || !first.Faults.SequenceEqual(second.Faults))
            problems.Add("the same input and seed gave different records");
        return problems;
    }

    /// <summary>The invariants on one finished run (pure: usable on any result and its windows).</summary>
    public static IEnumerable<string> CheckResult(SimulationInput input, MigrationResult r, IReadOnlyList<WindowInfo> windows)
    {
        var s = r.Summary;
        bool completed = s.Status == MigrationStatus.Completed;
        bool stoppedAtMaxTime = s.Status == MigrationStatus.PostcopyActive && s.Outcome.StartsWith("max-time", StringComparison.Ordinal);
        if (!completed && s.Status != MigrationStatus.Cancelled && !stoppedAtMaxTime)
            yield return $"ended as '{s.Status}' ({s.Outcome}); expected completed, cancelled, or stopped at max-time";
        if (completed && r.StalePagesOnDestination is not 0)
            yield return $"completed with {r.StalePagesOnDestination?.ToString() ?? "unaudited"} stale pages on the destination";
        if (s.SwitchTimeMs is not null)
        {
            if (completed && r.PagesSentInPostcopy != r.PagesMissingAtSwitch)
                yield return $"postcopy sent {r.PagesSentInPostcopy} pages for {r.PagesMissingAtSwitch} missing at the switch (each exactly once)";
            if (r.RequestedTwice != 0)
                yield return $"{r.RequestedTwice} pages were requested twice";
            if (s.PostcopyRequests > r.PagesMissingAtSwitch)
                yield return $"{s.PostcopyRequests} requests for {r.PagesMissingAtSwitch} missing pages";
            if (r.FirstFaults != s.PostcopyRequests)
                yield return "requests and first faults on a page differ in number";
        }
        double page = PageSize + input.Host.PageHeaderBytes;
        foreach (var w in windows.Where(w => !w.InPostcopy))
            if (w.Bytes > w.LimitBytes + page + 1e-6)
            {
                yield return $"the window at {w.Start} carried {w.Bytes:0} bytes, over its limit {w.LimitBytes:0} plus one page";
                break;
            }
        var t = r.Timeline;
        if (t.Count == 0)
            yield return "no polls";
        else
        {
            if (!t.Zip(t.Skip(1), (a, b) => a.ElapsedMs <= b.ElapsedMs).All(x => x)) yield return "polls out of time order";
            if (!t.Zip(t.Skip(1), (a, b) => a.Transferred <= b.Transferred).All(x => x)) yield return "transferred shrank between polls";
            if (t[^1].Transferred != s.Transferred || t[^1].Status != s.Status) yield return "the last poll disagrees with the summary";
        }
        if (s.Type != "offline")
        {
            if (!r.Iterations.Select(i => i.Iteration).SequenceEqual(Enumerable.Range(1, r.Iterations.Count)))
                yield return "iterations are not numbered 1, 2, 3...";
            if (r.Iterations.Count != s.DirtySyncCount)
                yield return $"{r.Iterations.Count} iterations for dirty-sync-count {s.DirtySyncCount}";
            if (r.Iterations.Sum(i => i.BytesSent) != s.Transferred)
                yield return "the iterations' bytes do not add up to the total";
        }
        if (s.TotalTimeMs > input.Parameters.MaxTime.Milliseconds + 60_000)
            yield return $"ran {s.TotalTimeMs} ms, far past max-time {input.Parameters.MaxTime}";
    }

    /// <summary>Checks <paramref name="cases"/> drawn cases; returns the failures as "case SEED: problem".</summary>
    public static IReadOnlyList<string> Verify(PolicySpec policy, int cases = 30, ulong firstSeed = 1)
    {
        var failures = new List<string>();
        for (int i = 0; i < cases; i++)
        {
            ulong seed = firstSeed + (ulong)i;
            foreach (var p in Check(Case(policy, seed)))
                failures.Add($"case {seed}: {p}");
        }
        return failures;
    }
}
