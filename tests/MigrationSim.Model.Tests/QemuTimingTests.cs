using MigrationSim.Kernel;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Network;
using MigrationSim.Model.Policies;
using MigrationSim.Model.Results;
using MigrationSim.Model.Workloads;

namespace MigrationSim.Model.Tests;

/// <summary>
/// QEMU 7.2's timing, pinned by exact cases: MAX_WAIT (50 ms per ram_save_iterate), the 100 ms
/// rate-limit window carrying max-bandwidth/10, and the sync only once pending falls below the
/// threshold. Each case picks rates where every page takes a power-of-two fraction of a second,
/// so the expected instants are exact.
/// </summary>
public class QemuTimingTests
{
    private const int Page = 4096;
    private const double Wire = Page + 8;

    private static SimulationInput AllDataGuest(long pages, double link, double maxBandwidth, SimTime sampleInterval) => new()
    {
        Name = "timing",
        Guest = new GuestSpec(pages * Page, Page, pages * Page), // every page holds data: each costs 4104 bytes on the wire
        Workload = new IdleWorkloadSpec(),
        Link = new Link(link, SimTime.FromMicroseconds(100)),
        Parameters = new MigrationParameters { MaxBandwidthBytesPerSecond = maxBandwidth, DowntimeLimit = SimTime.FromMilliseconds(300) },
        SampleInterval = sampleInterval,
    };

    [Fact]
    public void Without_a_rate_limit_the_thread_checks_pending_after_every_MAX_WAIT_and_syncs_only_below_the_threshold()
    {
        // A page takes 1/1024 s, so an iterate step returns after 52 pages (the first past 50 ms):
        // 50.78125 ms. The threshold (0.3 s of the measured 1024 pages/s) is 307.2 pages' wire
        // bytes = 307.8 pages of memory. 1000 pages: pending is 324 after 13 steps, 272 after 14:
        // the first sync comes at the 14th check, and the guest stops there.
        var input = AllDataGuest(1000, Wire * 1024, double.PositiveInfinity, SimTime.FromMilliseconds(100));
        var syncs = new List<SyncInfo>();
        var stops = new List<StopInfo>();
        var r = MigrationSimulation.Run(input, m => { m.Synced += syncs.Add; m.Stopped += stops.Add; });

        SimTime step = SimTime.FromSeconds(52 / 1024.0);
        SimTime stop = SimTime.FromMilliseconds(10) + new SimTime(step.Nanoseconds * 14);
        Assert.Equal(stop, syncs[0].Time);
        Assert.Equal(2, syncs[0].DirtySyncCount);
        Assert.Equal(272, syncs[0].PendingPages);
        Assert.Equal(stop, Assert.Single(stops).Time);
        Assert.Equal(3, r.Summary.DirtySyncCount); // setup, the sync below the threshold, the completion sync
        // the rest at link speed (272/1024 s) and the switchover
        Assert.Equal((stop + SimTime.FromSeconds(272 / 1024.0) + SimTime.FromMilliseconds(5)).Milliseconds, r.Summary.TotalTimeMs, 6);
        Assert.Equal(272 / 1024.0 * 1000 + 5, r.Summary.DowntimeMs!.Value, 6);
    }

    [Fact]
    public void A_rate_limited_window_carries_max_bandwidth_over_ten_then_the_thread_sleeps_until_it_ends()
    {
        // max-bandwidth 1000 pages/s: each 100 ms window carries exactly 100 pages, sent at link
        // speed (2^20 pages/s) right after it opens. The threshold is 0.3 s x 1000 pages/s = 300.6
        // pages; 1025 pages fall below it after 8 windows, so the guest stops at 10 + 800 ms.
        var input = AllDataGuest(1025, Wire * (1 << 20), Wire * 1000, SimTime.FromMilliseconds(50));
        var stops = new List<StopInfo>();
        var windows = new List<WindowInfo>();
        var r = MigrationSimulation.Run(input, m => { m.Stopped += stops.Add; m.WindowClosed += windows.Add; });

        Assert.Equal(SimTime.FromMilliseconds(810), Assert.Single(stops).Time);
        Assert.All(windows, w => Assert.Equal(SimTime.FromMilliseconds(100), w.End - w.Start));
        Assert.All(windows, w => Assert.Equal(100 * Wire, w.Bytes));
        // polls every 50 ms: each window's 100 pages are there from its first poll on
        foreach (var s in r.Timeline.Where(s => s.Status == MigrationStatus.Active && s.ElapsedMs < 800))
        {
            long windowsOpened = (long)Math.Floor((s.ElapsedMs - 10) / 100) + 1;
            Assert.Equal((long)(windowsOpened * 100 * Wire), s.Transferred);
        }
        Assert.Equal(810 + 225 / (double)(1 << 20) * 1000 + 5, r.Summary.TotalTimeMs, 6);
    }

    [Fact]
    public void A_poll_reports_what_was_sent_by_its_time()
    {
        // One 52-page step per 50.78 ms at 1024 pages/s, then the final 272 pages at the same speed
        // with the guest stopped: a poll in the middle of a step sees the pages whose bytes have
        // left, not the whole step, so the count grows at 1024 pages/s until all 1000 have left.
        var input = AllDataGuest(1000, Wire * 1024, double.PositiveInfinity, SimTime.FromMilliseconds(10));
        var r = MigrationSimulation.Run(input);
        Assert.Equal(0, r.Timeline[0].Transferred); // at t = 0 nothing has left
        double allSentMs = 10 + 1000 / 1024.0 * 1000;
        var polls = r.Timeline.Where(s => s.Status == MigrationStatus.Active && s.ElapsedMs <= allSentMs).ToList();
        Assert.True(polls.Count > 90);
        foreach (var s in polls)
            Assert.Equal((s.ElapsedMs - 10) / 1000 * 1024 * Wire, s.Transferred, 0.5);
    }

    [Fact]
    public void The_migration_thread_limits_are_QEMUs()
    {
        Assert.Equal(SimTime.FromMilliseconds(50), MigrationProcess.MaxWait);  // migration/ram.c MAX_WAIT
        Assert.Equal(SimTime.FromMilliseconds(100), RateLimiter.Window);      // migration/migration.c BUFFER_DELAY
    }
}
