using MigrationSim.Kernel;
using MigrationSim.Model.Guests;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Network;
using MigrationSim.Model.Policies;
using MigrationSim.Model.Results;
using MigrationSim.Model.Workloads;

namespace MigrationSim.Model.Tests;

/// <summary>A path whose rate others change (a shared link re-shared): data in flight finishes at the new rate.</summary>
public class RateChangeTests
{
    private const double Wire = 4096 + 8;

    /// <summary>A link whose rate steps to a new value at set times, as a shared link does when flows come and go.</summary>
    private sealed class SteppedPath(Simulator sim, double rate) : NetworkPath
    {
        private double _rate = rate;

        public override double RateBytesPerSecond => _rate;
        public override double StoppedRateBytesPerSecond => _rate;
        public override SimTime Latency => SimTime.FromMicroseconds(100);

        public void ChangeAt(SimTime at, double rate) => sim.ScheduleAt(at, () =>
        {
            _rate = rate;
            OnRateChanged();
        }, priority: -1);
    }

    private static (MigrationResult Result, SteppedPath Path) Run(PolicySpec policy, params (double AtMs, double PagesPerSecond)[] steps)
    {
        var sim = new Simulator();
        var streams = new RandomStreams(3);
        long pages = 4096;
        var guest = Guest.Create("g", new GuestSpec(pages * 4096, 4096, (pages - 512) * 4096), new UniformWorkloadSpec(512, 200), new HostProfile(), streams, audit: true);
        var path = new SteppedPath(sim, Wire * 1024);
        foreach (var (at, rate) in steps) path.ChangeAt(SimTime.FromMilliseconds(at), Wire * rate);
        var settings = new MigrationSettings
        {
            Policy = policy,
            Parameters = new MigrationParameters { MaxBandwidthBytesPerSecond = double.PositiveInfinity, MaxPostcopyBandwidthBytesPerSecond = double.PositiveInfinity, DowntimeLimit = SimTime.FromMilliseconds(1) },
            SampleInterval = SimTime.FromMilliseconds(10),
        };
        var m = MigrationProcess.Start(sim, guest, path, settings, streams);
        sim.Run(() => m.IsFinished);
        return (m.Result!, path);
    }

    [Fact]
    public void The_bulk_pass_moves_at_each_rate_in_turn()
    {
        // 1024 pages/s, then 256 pages/s from 1 s, then 2048 pages/s from 3 s: the 4096-page bulk
        // pass has sent 10 + 1014 pages by 1 s (after 10 ms of setup), 512 more by 3 s, the rest by 4.25 s.
        var (r, _) = Run(PrecopySpec.Instance, (1000, 256), (3000, 2048));
        double Expected(double ms) => ms <= 10 ? 0
            : ms <= 1000 ? (ms - 10) / 1000 * 1024
            : ms <= 3000 ? 990 / 1000.0 * 1024 + (ms - 1000) / 1000 * 256
            : 990 / 1000.0 * 1024 + 512 + (ms - 3000) / 1000 * 2048;
        var bulk = r.Timeline.Where(s => s.DirtySyncCount == 1 && s.Status == MigrationStatus.Active).ToList();
        Assert.True(bulk.Count > 300);
        foreach (var s in bulk)
            Assert.Equal(Expected(s.ElapsedMs), s.Transferred / Wire, 0.51);
        Assert.Equal(0, r.StalePagesOnDestination);
    }

    [Fact]
    public void Postcopy_pushes_its_stream_at_each_rate_and_keeps_the_contract()
    {
        var (r, _) = Run(PostcopySpec.Instance, (500, 128), (1500, 4096));
        Assert.Equal(MigrationStatus.Completed, r.Summary.Status);
        Assert.Equal(0, r.StalePagesOnDestination);
        Assert.Equal(r.PagesMissingAtSwitch, r.PagesSentInPostcopy);
        // the stream slowed to 128 pages/s between 0.5 and 1.5 s: the polls there climb at that rate (plus requested pages)
        var slow = r.Timeline.Where(s => s.ElapsedMs >= 600 && s.ElapsedMs <= 1400).ToList();
        double pagesPerSecond = (slow[^1].Transferred - slow[0].Transferred) / Wire / ((slow[^1].ElapsedMs - slow[0].ElapsedMs) / 1000);
        Assert.InRange(pagesPerSecond, 120, 136);
    }
}
