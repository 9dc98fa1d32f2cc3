using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Results;
using MigrationSim.Model.Workloads;

namespace MigrationSim.Model.Tests;

/// <summary>Invariants that must hold for every small live precopy, whatever the workload and settings.</summary>
public class PrecopyPropertyTests
{
    private const int PageSize = 4096;

    public static Arbitrary<SimulationInput> SmallLiveMigrations() => Arb.From(
        from pagesLog in Gen.Choose(8, 13)
        from residentPct in Gen.Choose(0, 40)
        from wsPct in Gen.Choose(0, 60)
        from kind in Gen.Choose(0, 5)
        from ratePct in Gen.Choose(0, 160)
        from bandwidthKiB in Gen.Choose(256, 16_384)
        from downtimeMs in Gen.Choose(5, 800)
        from autoConverge in Gen.Elements(false, true)
        from seed in Gen.Choose(0, 1_000_000)
        select Build(1L << pagesLog, residentPct, wsPct, kind, ratePct, bandwidthKiB * 1024.0, downtimeMs, autoConverge, (ulong)seed));

    private static SimulationInput Build(long pages, int residentPct, int wsPct, int kind, int ratePct, double bandwidth,
        int downtimeMs, bool autoConverge, ulong seed)
    {
        long resident = pages * residentPct / 100;
        long ws = Math.Max(1, pages * wsPct / 100);
        // ratePct of what the rate limit can send, in pages/s
        double rate = bandwidth / (PageSize + 8) * ratePct / 100.0;
        WorkloadSpec w = kind switch
        {
            0 => new IdleWorkloadSpec(),
            1 => new UniformWorkloadSpec(ws, rate),
            2 => new HotspotWorkloadSpec(ws, rate, 0.2, 0.8),
            3 => new SequentialWorkloadSpec(ws, rate),
            4 => new ZipfWorkloadSpec(ws, rate, 1.1),
            _ => new PhasedWorkloadSpec([
                new WorkloadPhase(700_000_000, new UniformWorkloadSpec(ws, rate * 2)),
                new WorkloadPhase(300_000_000, new IdleWorkloadSpec())]),
        };
        return Scenarios.Make(pages * PageSize, w, bandwidth, residentBytes: resident * PageSize, downtimeMs: downtimeMs, seed: seed,
            autoConverge: new AutoConvergeParameters { Enabled = autoConverge }, maxTimeSeconds: 120, audit: true);
    }

    [Property(MaxTest = 60, Arbitrary = [typeof(PrecopyPropertyTests)])]
    public Property Every_written_page_reaches_the_destination_in_its_latest_version(SimulationInput input)
    {
        var r = MigrationSimulation.Run(input);
        if (r.Summary.Status != MigrationStatus.Completed)
            return (r.Summary.Status == MigrationStatus.Cancelled && !r.Summary.Converged).Label("ended neither completed nor cancelled");
        return (r.StalePagesOnDestination == 0).Label($"{r.StalePagesOnDestination} stale pages");
    }

    [Property(MaxTest = 60, Arbitrary = [typeof(PrecopyPropertyTests)])]
    public Property Every_non_zero_page_is_sent_at_least_once_in_full(SimulationInput input)
    {
        var r = MigrationSimulation.Run(input);
        long nonZeroPages = input.Guest.ResidentPages + input.Workload.WorkingSetPages;
        if (r.Summary.Status != MigrationStatus.Completed) return true.ToProperty();
        return (r.Summary.Normal >= nonZeroPages && r.Summary.Transferred >= nonZeroPages * (PageSize + 8))
            .Label($"normal {r.Summary.Normal} < non-zero {nonZeroPages}");
    }

    [Property(MaxTest = 60, Arbitrary = [typeof(PrecopyPropertyTests)])]
    public Property A_converged_precopy_stops_only_when_pending_is_below_the_threshold(SimulationInput input)
    {
        var r = MigrationSimulation.Run(input);
        var s = r.Summary;
        if (!s.Converged) return true.ToProperty();
        bool stopRule = s.PendingAtStopBytes == 0 || s.PendingAtStopBytes < s.ThresholdAtStopBytes;
        // The pause is the final transfer at link speed plus the switchover cost.
        double expectedDowntime = s.DowntimeBytes / input.Link.BandwidthBytesPerSecond * 1000 + input.Host.SwitchoverCost.Milliseconds;
        bool downtimeOk = Math.Abs(s.DowntimeMs!.Value - expectedDowntime) < 0.01;
        return (stopRule && downtimeOk).Label($"pending {s.PendingAtStopBytes} vs threshold {s.ThresholdAtStopBytes}; downtime {s.DowntimeMs} vs {expectedDowntime}");
    }

    [Property(MaxTest = 40, Arbitrary = [typeof(PrecopyPropertyTests)])]
    public Property Timeline_and_iterations_are_consistent(SimulationInput input)
    {
        var r = MigrationSimulation.Run(input);
        var t = r.Timeline;
        bool timeMonotone = t.Zip(t.Skip(1), (a, b) => a.ElapsedMs <= b.ElapsedMs).All(x => x);
        bool bytesMonotone = t.Zip(t.Skip(1), (a, b) => a.Transferred <= b.Transferred).All(x => x);
        bool last = t[^1].Status == r.Summary.Status && t[^1].Transferred == r.Summary.Transferred;
        bool iterationBytes = r.Iterations.Sum(i => i.BytesSent) == r.Summary.Transferred;
        bool numbered = r.Iterations.Select(i => i.Iteration).SequenceEqual(Enumerable.Range(1, r.Iterations.Count));
        bool syncs = r.Iterations.Count == r.Summary.DirtySyncCount;
        // Each 100 ms window may carry max-bandwidth/10 bytes, overshooting by at most one page (QEMU checks before a page).
        double windows = r.Summary.TotalTimeMs / 100 + 1;
        bool limitRespected = r.Summary.PrecopyBytes <= input.Parameters.MaxBandwidthBytesPerSecond * windows / 10 + windows * (PageSize + 8);
        return (timeMonotone && bytesMonotone && last && iterationBytes && numbered && syncs && limitRespected)
            .Label($"time={timeMonotone} bytes={bytesMonotone} last={last} iterBytes={iterationBytes} numbered={numbered} syncs={syncs} limit={limitRespected}");
    }

    [Property(MaxTest = 20, Arbitrary = [typeof(PrecopyPropertyTests)])]
    public Property Same_seed_gives_the_same_records(SimulationInput input)
    {
        var a = MigrationSimulation.Run(input);
        var b = MigrationSimulation.Run(input);
        return (a.Summary == b.Summary && a.Iterations.SequenceEqual(b.Iterations) && a.Timeline.SequenceEqual(b.Timeline))
            .Label("two runs of the same input differ");
    }
}
