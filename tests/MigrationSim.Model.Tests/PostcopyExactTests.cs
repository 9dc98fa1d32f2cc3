using MigrationSim.Kernel;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Policies;
using MigrationSim.Model.Results;
using MigrationSim.Model.Workloads;
using static MigrationSim.Model.Tests.Scenarios;

namespace MigrationSim.Model.Tests;

public class PostcopyExactTests
{
    private const double NormalPage = 4096 + 8;
    private const double ZeroPage = 9;

    [Fact]
    public void Postcopy_downtime_is_the_switch_cost_whatever_the_dirty_rate_while_precopy_downtime_is_not()
    {
        double R = 64 * MiB;
        double Downtime(PolicySpec policy, double rate)
        {
            var s = MigrationSimulation.Run(Make(GiB / 2, new UniformWorkloadSpec(65_536, rate), maxBandwidth: R, policy: policy,
                latencyUs: 250)).Summary;
            if (policy.UsesPostcopy) Assert.NotNull(s.SwitchTimeMs); // it did switch
            return s.DowntimeMs!.Value;
        }
        // switchover cost 5 ms + one-way latency 0.25 ms
        Assert.Equal(5.25, Downtime(PostcopySpec.Instance, 100), 6);
        Assert.Equal(5.25, Downtime(PostcopySpec.Instance, 12_000), 6);
        // a hybrid switches only while pending is above the threshold, i.e. with enough dirtying
        Assert.Equal(5.25, Downtime(new HybridSpec(new SwitchRule { AfterIterations = 1 }), 6_000), 6);
        Assert.Equal(5.25, Downtime(new HybridSpec(new SwitchRule { AfterIterations = 1 }), 12_000), 6);
        Assert.NotEqual(Downtime(PrecopySpec.Instance, 100), Downtime(PrecopySpec.Instance, 12_000));
    }

    [Fact]
    public void With_no_latency_and_an_infinitely_fast_link_a_fault_costs_nothing()
    {
        // The limit keeps the guest on the destination long enough to fault; 10.0 with preempt sends a request
        // past it (on 7.2 a request that finds the window's budget spent waits for it: PostcopyRateLimitTests).
        var input = Make(GiB / 4, new UniformWorkloadSpec(32_768, 50_000), maxBandwidth: double.PositiveInfinity,
            link: double.PositiveInfinity, policy: PostcopySpec.Instance, latencyUs: 0, maxPostcopyBandwidth: 64 * MiB,
            postcopy: new PostcopyParameters { Preempt = true });
        var r = MigrationSimulation.Run(input with { Host = new HostProfile { Qemu = QemuVersion.V10_0 } });
        Assert.NotEmpty(r.Faults);
        Assert.All(r.Faults, f => Assert.Equal(0, f.LatencyMs));
        Assert.Equal(0, r.Summary.VcpuBlockedMs);
    }

    [Fact]
    public void An_idle_guest_after_the_switch_has_no_faults_and_takes_remaining_bytes_over_bandwidth()
    {
        long pages = 1L << 16;
        long resident = 20_000;
        double link = 100 * MiB;
        var input = Make(pages * 4096, new IdleWorkloadSpec(), maxBandwidth: 32 * MiB, link: link, residentBytes: resident * 4096,
            policy: PostcopySpec.Instance, latencyUs: 300);
        var s = MigrationSimulation.Run(input).Summary;
        Assert.Equal(0, s.Faults);
        Assert.Equal(0, s.PostcopyRequests);
        Assert.Equal(0, s.VcpuBlockedMs);
        // setup 10 ms, downtime 5 ms + 0.3 ms, then every page at link speed (max-postcopy-bandwidth unlimited)
        double bytes = resident * NormalPage + (pages - resident) * ZeroPage;
        Assert.Equal((long)bytes, s.PostcopyBytes);
        double expectedMs = 10 + 5.3 + bytes / link * 1000;
        Assert.Equal(expectedMs, s.TotalTimeMs, 0.01);
        Assert.Equal(s.TotalTimeMs - 10, s.ExposureWindowMs!.Value, 6);
    }

    [Fact]
    public void The_background_stream_starts_when_the_package_is_written_not_when_the_destination_resumes()
    {
        // postcopy_start returns once the package is written and the migration thread iterates on at once, while
        // the destination loads the device state: an idle guest (no faults) ends at the same time however long
        // the destination takes to resume, as long as it resumes before the last page.
        double TotalMs(double resumeMs)
        {
            var input = Make(1L << 28, new IdleWorkloadSpec(), maxBandwidth: 32 * MiB, residentBytes: 20_000L * 4096,
                policy: PostcopySpec.Instance, maxPostcopyBandwidth: 32 * MiB);
            return MigrationSimulation.Run(input with { Host = input.Host with { DestinationResumeTime = SimTime.FromMilliseconds(resumeMs) } }).Summary.TotalTimeMs;
        }
        Assert.Equal(TotalMs(0), TotalMs(300), 6);
    }

    [Fact]
    public void A_hybrid_switch_rule_is_honoured_at_the_next_check_so_one_more_window_goes_after_its_sync()
    {
        // migrate-start-postcopy only sets start_postcopy: management issues it once query-migrate shows the
        // second sync, and QEMU's check that made that sync has already chosen to iterate, so the rest of that
        // window's budget goes out and the switch comes at the next check, the window's end (here the first
        // pass ends mid-window, 4010.8 ms, and 5.7 MB go before the switch at 4110 ms).
        var input = Make(GiB / 2, new UniformWorkloadSpec(65_536, 20_000), maxBandwidth: 64 * MiB,
            policy: new HybridSpec(new SwitchRule { AfterIterations = 1 }), maxPostcopyBandwidth: 64 * MiB);
        var r = MigrationSimulation.Run(input);
        Assert.NotNull(r.Summary.SwitchTimeMs);
        var afterSync = r.Iterations[1];   // opened by sync 2, closed by the switch's sync
        Assert.InRange(afterSync.BytesSent, 1e6, 64 * MiB / 10 + NormalPage);
        Assert.InRange(afterSync.EndMs - afterSync.StartMs, 1, 100);
        Assert.Equal(0, (afterSync.EndMs - r.Iterations[0].StartMs) % 100, 6); // a window boundary
        Assert.Equal(afterSync.EndMs, r.Summary.SwitchTimeMs!.Value, 6);
    }

    [Fact]
    public void Hybrid_switching_after_zero_iterations_is_postcopy()
    {
        var w = new HotspotWorkloadSpec(40_000, 20_000, 0.1, 0.8) { ReadRatio = 0.3 };
        var post = MigrationSimulation.Run(Make(GiB / 2, w, maxBandwidth: 64 * MiB, policy: PostcopySpec.Instance, seed: 5));
        var hyb = MigrationSimulation.Run(Make(GiB / 2, w, maxBandwidth: 64 * MiB, policy: new HybridSpec(new SwitchRule { AfterIterations = 0 }), seed: 5));
        Assert.Equal(post.Summary with { Policy = "hybrid" }, hyb.Summary);
        Assert.Equal(post.Faults, hyb.Faults);
    }

    [Fact]
    public void Hybrid_whose_rule_never_fires_is_precopy()
    {
        var w = new UniformWorkloadSpec(40_000, 5_000);
        var pre = MigrationSimulation.Run(Make(GiB / 2, w, maxBandwidth: 64 * MiB, seed: 9));
        var hyb = MigrationSimulation.Run(Make(GiB / 2, w, maxBandwidth: 64 * MiB, policy: new HybridSpec(new SwitchRule { AfterTime = SimTime.FromSeconds(10_000) }), seed: 9));
        Assert.Null(hyb.Summary.SwitchTimeMs);
        Assert.Equal(pre.Summary with { Policy = "hybrid", Outcome = hyb.Summary.Outcome }, hyb.Summary);
        Assert.Equal(pre.Iterations, hyb.Iterations);
        Assert.Contains("before the switch rule fired", hyb.Summary.Outcome);
    }

    [Fact]
    public void Hybrid_finishes_a_migration_precopy_cannot()
    {
        double R = 32 * MiB;
        var w = new SequentialWorkloadSpec(60_000, 1.5 * R / NormalPage);
        var pre = MigrationSimulation.Run(Make(GiB / 2, w, maxBandwidth: R, maxTimeSeconds: 120)).Summary;
        var hyb = MigrationSimulation.Run(Make(GiB / 2, w, maxBandwidth: R, maxTimeSeconds: 120, policy: new HybridSpec(new SwitchRule { OnStall = new StallRule(0.8, 2) }), maxPostcopyBandwidth: R)).Summary;
        Assert.False(pre.Converged);
        Assert.True(hyb.Converged);
        Assert.Equal(MigrationStatus.Completed, hyb.Status);
        Assert.StartsWith("stall", hyb.SwitchRule);
        Assert.NotNull(hyb.ExposureWindowMs);
    }

    [Fact]
    public void Preempt_and_prepaging_do_not_make_faults_slower()
    {
        var w = new UniformWorkloadSpec(50_000, 30_000);
        PostcopyParameters pc(bool preempt, int prepage) => new() { Preempt = preempt, Prepage = prepage };
        MigrationSummary Run(PostcopyParameters p, double maxPostcopy) =>
            MigrationSimulation.Run(Make(GiB / 2, w, maxBandwidth: 64 * MiB, policy: PostcopySpec.Instance, postcopy: p, maxPostcopyBandwidth: maxPostcopy)).Summary;
        // Preempt skips the socket buffer: compared without a limit, under which a 7.2 request that finds the
        // window's budget spent waits for it to reset with or without preempt (PostcopyRateLimitTests).
        var plainUnlimited = Run(pc(false, 0), double.PositiveInfinity);
        var preempt = Run(pc(true, 0), double.PositiveInfinity);
        Assert.True(preempt.FaultLatencyP99Ms <= plainUnlimited.FaultLatencyP99Ms, $"preempt p99 {preempt.FaultLatencyP99Ms} > {plainUnlimited.FaultLatencyP99Ms}");
        // Prepaging sends the pages after the requested one, so fewer requests: where requests do not wait for
        // the window to reset (10.0 with preempt), as a 7.2 guest takes about as many faults as windows go by.
        MigrationSummary Run10(PostcopyParameters p) => MigrationSimulation.Run(Make(GiB / 2, w, maxBandwidth: 64 * MiB,
            policy: PostcopySpec.Instance, postcopy: p, maxPostcopyBandwidth: 64 * MiB) with { Host = new HostProfile { Qemu = QemuVersion.V10_0 } }).Summary;
        var plain = Run10(pc(true, 0));
        var prepage = Run10(pc(true, 8));
        Assert.True(prepage.Faults < plain.Faults, $"prepage {prepage.Faults} faults >= {plain.Faults}");
    }

    [Fact]
    public void Postcopy_needs_a_live_guest()
    {
        Assert.Throws<ArgumentException>(() => MigrationSimulation.Run(Make(GiB / 4, new IdleWorkloadSpec(), 64 * MiB,
            type: MigrationType.Online, policy: PostcopySpec.Instance)));
    }
}
