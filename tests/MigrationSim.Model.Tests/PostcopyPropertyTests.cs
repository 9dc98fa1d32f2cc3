using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Policies;
using MigrationSim.Model.Results;
using MigrationSim.Model.Workloads;

namespace MigrationSim.Model.Tests;

/// <summary>Invariants of every postcopy and hybrid migration of a small guest.</summary>
public class PostcopyPropertyTests
{
    private const int PageSize = 4096;

    public static Arbitrary<SimulationInput> SmallPostcopyMigrations() => Arb.From(
        from pagesLog in Gen.Choose(8, 13)
        from residentPct in Gen.Choose(0, 30)
        from wsPct in Gen.Choose(1, 60)
        from kind in Gen.Choose(0, 4)
        from ratePct in Gen.Choose(0, 300)
        from bandwidthKiB in Gen.Choose(512, 16_384)
        from afterIterations in Gen.Choose(0, 3)
        from async in Gen.Elements(false, true)
        from tasks in Gen.Choose(1, 8)
        from prepage in Gen.Choose(0, 4)
        from preempt in Gen.Elements(false, true)
        from readPct in Gen.Choose(0, 80)
        from seed in Gen.Choose(0, 1_000_000)
        select Build(1L << pagesLog, residentPct, wsPct, kind, ratePct, bandwidthKiB * 1024.0, afterIterations,
            new PostcopyParameters { PageFaults = async ? PageFaultMode.Asynchronous : PageFaultMode.Synchronous, GuestTasks = tasks, Prepage = prepage, Preempt = preempt },
            readPct / 100.0, (ulong)seed));

    private static SimulationInput Build(long pages, int residentPct, int wsPct, int kind, int ratePct, double bandwidth,
        int afterIterations, PostcopyParameters postcopy, double readRatio, ulong seed)
    {
        long resident = pages * residentPct / 100;
        long ws = Math.Max(1, pages * wsPct / 100);
        double rate = bandwidth / (PageSize + 8) * ratePct / 100.0;
        WorkloadSpec w = kind switch
        {
            0 => new UniformWorkloadSpec(ws, rate),
            1 => new HotspotWorkloadSpec(ws, rate, 0.1, 0.9),
            2 => new SequentialWorkloadSpec(ws, rate),
            3 => new ZipfWorkloadSpec(ws, rate, 1.0),
            _ => new PhasedWorkloadSpec([
                new WorkloadPhase(400_000_000, new UniformWorkloadSpec(ws, rate)),
                new WorkloadPhase(200_000_000, new IdleWorkloadSpec())]),
        };
        w = w with { ReadRatio = readRatio };
        PolicySpec policy = afterIterations == 0 ? PostcopySpec.Instance : new HybridSpec(new SwitchRule { AfterIterations = afterIterations });
        return Scenarios.Make(pages * PageSize, w, bandwidth, residentBytes: resident * PageSize, seed: seed, audit: true,
            policy: policy, postcopy: postcopy,
            maxPostcopyBandwidth: bandwidth);
    }

    [Property(MaxTest = 80, Arbitrary = [typeof(PostcopyPropertyTests)])]
    public Property Every_page_ends_on_the_destination_once_in_its_latest_version(SimulationInput input)
    {
        var r = MigrationSimulation.Run(input);
        if (r.Summary.SwitchTimeMs is null) // a hybrid that converged in precopy first
            return (r.Summary.Converged && r.StalePagesOnDestination == 0).Label("converged precopy left stale pages");
        bool complete = r.Summary.Status == MigrationStatus.Completed && r.StalePagesOnDestination == 0;
        bool once = r.PagesSentInPostcopy == r.PagesMissingAtSwitch;
        return (complete && once).Label($"stale={r.StalePagesOnDestination} sent-after-switch={r.PagesSentInPostcopy} missing-at-switch={r.PagesMissingAtSwitch}");
    }

    [Property(MaxTest = 80, Arbitrary = [typeof(PostcopyPropertyTests)])]
    public Property Requests_are_unique_and_bounded_by_the_missing_pages(SimulationInput input)
    {
        var r = MigrationSimulation.Run(input);
        bool unique = r.RequestedTwice == 0;
        bool bounded = r.Summary.PostcopyRequests <= r.PagesMissingAtSwitch;
        bool faultsCover = r.Faults.Count(f => !f.Joined) == r.Summary.PostcopyRequests && r.FirstFaults == r.Summary.PostcopyRequests;
        // A missing page leaves the source after the fault, so it cannot arrive sooner than one latency later.
        bool latencies = r.Faults.All(f => f.LatencyMs >= input.Link.Latency.Milliseconds - 1e-9);
        return (unique && bounded && faultsCover && latencies)
            .Label($"unique={unique} bounded={bounded} ({r.Summary.PostcopyRequests} <= {r.PagesMissingAtSwitch}) faultsCover={faultsCover} latencies={latencies}");
    }

    [Property(MaxTest = 60, Arbitrary = [typeof(PostcopyPropertyTests)])]
    public Property Async_page_faults_never_block_the_vcpu_longer_than_synchronous_ones(SimulationInput input)
    {
        // Without max-postcopy-bandwidth: under a limit, requests that find the window's budget spent wait
        // for it to reset, and more requests in flight (async) spend it sooner, so the order can turn.
        input = input with { Parameters = input.Parameters with { MaxPostcopyBandwidthBytesPerSecond = double.PositiveInfinity } };
        var sync = MigrationSimulation.Run(input with { Postcopy = input.Postcopy with { PageFaults = PageFaultMode.Synchronous } }).Summary;
        var async = MigrationSimulation.Run(input with { Postcopy = input.Postcopy with { PageFaults = PageFaultMode.Asynchronous, GuestTasks = 4 } }).Summary;
        return (async.VcpuBlockedMs <= sync.VcpuBlockedMs + 1e-6)
            .Label($"async blocked {async.VcpuBlockedMs} ms > sync {sync.VcpuBlockedMs} ms");
    }

    [Property(MaxTest = 40, Arbitrary = [typeof(PostcopyPropertyTests)])]
    public Property Same_seed_same_postcopy(SimulationInput input)
    {
        var a = MigrationSimulation.Run(input);
        var b = MigrationSimulation.Run(input);
        return (a.Summary == b.Summary && a.Faults.SequenceEqual(b.Faults) && a.Timeline.SequenceEqual(b.Timeline)).Label("runs differ");
    }
}
