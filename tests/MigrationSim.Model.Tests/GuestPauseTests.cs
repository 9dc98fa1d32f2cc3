using FsCheck.Xunit;
using MigrationSim.Kernel;
using MigrationSim.Model.Memory;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Policies;
using MigrationSim.Model.Workloads;

namespace MigrationSim.Model.Tests;

/// <summary>
/// The pause the guest sees beside QEMU's downtime: data in flight at the stop, the destination's
/// resume, and at a postcopy switch one discard per range of pages still to send.
/// </summary>
public class GuestPauseTests
{
    [Property(MaxTest = 200)]
    public bool Runs_are_counted_across_words(bool[] bits)
    {
        var bm = new PageBitmap(Math.Max(1, bits.Length));
        for (int i = 0; i < bits.Length; i++) if (bits[i]) bm.Set(i);
        long naive = bits.Where((b, i) => b && (i == 0 || !bits[i - 1])).Count();
        return bm.CountRuns() == naive;
    }

    [Fact]
    public void A_precopy_pause_is_the_downtime_plus_the_data_in_flight_plus_the_resume()
    {
        var host = new HostProfile { StoppedBandwidthBytesPerSecond = 1e9, DestinationResumeTime = SimTime.FromMilliseconds(3), SocketBufferBytes = 1_000_000 };
        var input = Scenarios.Make(64L << 20, new UniformWorkloadSpec(4096, 2000), 32 * Scenarios.MiB) with { Host = host };

        var s = MigrationSimulation.Run(input).Summary;

        double inFlightMs = Math.Min(s.DowntimeBytes, 1_000_000) / 1e9 * 1000;
        Assert.True(s.DowntimeBytes > 1_000_000);
        Assert.Equal(s.DowntimeMs!.Value + inFlightMs + 3, s.GuestPauseMs!.Value, 6);
    }

    [Fact]
    public void A_rate_limited_switch_pauses_by_the_downtime_the_postcopy_resume_and_each_range_exactly()
    {
        var host = new HostProfile
        {
            SwitchoverCost = SimTime.FromMilliseconds(2), DestinationResumeTime = SimTime.FromMilliseconds(9),
            PostcopyResumeTime = SimTime.FromMilliseconds(4), DiscardRangeTime = SimTime.FromMicroseconds(3),
        };
        var input = Scenarios.Make(64L << 20, new UniformWorkloadSpec(8192, 5000), 32 * Scenarios.MiB, latencyUs: 100,
            policy: new HybridSpec(new SwitchRule { AfterIterations = 1 }), maxPostcopyBandwidth: 32 * Scenarios.MiB) with { Host = host };

        var s = MigrationSimulation.Run(input).Summary;

        // Rate-limited: nothing in flight at the switch. 2 ms + 0.1 ms latency + 4 ms + 3 us a range; the precopy stop's 9 ms plays no part.
        Assert.True(s.DiscardRanges > 1000, $"{s.DiscardRanges} ranges");
        Assert.Equal(2.1, s.DowntimeMs!.Value, 9);
        Assert.Equal(2.1 + 4 + s.DiscardRanges!.Value * 0.003, s.GuestPauseMs!.Value, 6);
    }

    [Fact]
    public void Without_a_postcopy_resume_time_a_switch_resumes_as_a_precopy_stop_does_as_profiles_before_it_meant()
    {
        var host = new HostProfile { DestinationResumeTime = SimTime.FromMilliseconds(7), DiscardRangeTime = SimTime.FromMicroseconds(2) };
        var input = Scenarios.Make(64L << 20, new UniformWorkloadSpec(8192, 5000), 32 * Scenarios.MiB,
            policy: new HybridSpec(new SwitchRule { AfterIterations = 1 }), maxPostcopyBandwidth: 32 * Scenarios.MiB) with { Host = host };

        var unset = MigrationSimulation.Run(input).Summary;
        var same = MigrationSimulation.Run(input with { Host = host with { PostcopyResumeTime = SimTime.FromMilliseconds(7) } }).Summary;
        var other = MigrationSimulation.Run(input with { Host = host with { PostcopyResumeTime = SimTime.FromMilliseconds(1) } }).Summary;

        Assert.Null(host.PostcopyResumeTime);
        Assert.Equal(SimTime.FromMilliseconds(7), host.SwitchResumeTime);
        Assert.Equal(same, unset);
        Assert.Equal(6, unset.GuestPauseMs!.Value - other.GuestPauseMs!.Value, 6);
    }

    [Fact]
    public void A_precopy_stop_ignores_the_postcopy_resume_time()
    {
        var host = new HostProfile { StoppedBandwidthBytesPerSecond = 1e9, DestinationResumeTime = SimTime.FromMilliseconds(3) };
        var input = Scenarios.Make(64L << 20, new UniformWorkloadSpec(4096, 2000), 32 * Scenarios.MiB) with { Host = host };

        var without = MigrationSimulation.Run(input).Summary;
        var with = MigrationSimulation.Run(input with { Host = host with { PostcopyResumeTime = SimTime.FromMilliseconds(40) } }).Summary;

        Assert.Equal(without, with);
    }

    [Fact]
    public void A_hybrid_switch_pauses_the_guest_one_discard_per_range_longer_and_it_resumes_then()
    {
        // After a precopy pass, a uniform writer leaves its dirty pages scattered: thousands of ranges.
        var input = Scenarios.Make(64L << 20, new UniformWorkloadSpec(8192, 5000), 32 * Scenarios.MiB,
            policy: new HybridSpec(new SwitchRule { AfterIterations = 1 }), maxPostcopyBandwidth: 32 * Scenarios.MiB);
        var slow = input with { Host = input.Host with { DiscardRangeTime = SimTime.FromMicroseconds(2) } };
        SimTime? resumedFast = null, resumedSlow = null;

        var fast = MigrationSimulation.Run(input, m => m.ResumedOnDestination += t => resumedFast = t).Summary;
        var s = MigrationSimulation.Run(slow, m => m.ResumedOnDestination += t => resumedSlow = t).Summary;

        Assert.True(s.DiscardRanges > 1000, $"{s.DiscardRanges} ranges");
        Assert.Equal(fast.DiscardRanges, s.DiscardRanges);
        Assert.Equal(fast.DowntimeMs, s.DowntimeMs); // QEMU's downtime ends at the source
        Assert.Equal(s.DiscardRanges!.Value * 0.002, s.GuestPauseMs!.Value - fast.GuestPauseMs!.Value, 6);
        Assert.Equal(s.GuestPauseMs!.Value - fast.GuestPauseMs!.Value, (resumedSlow!.Value - resumedFast!.Value).Milliseconds, 6);
    }
}
