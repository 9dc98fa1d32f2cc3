using MigrationSim.Kernel;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Network;
using MigrationSim.Model.Policies;
using MigrationSim.Model.Results;
using MigrationSim.Model.Workloads;
using static MigrationSim.Model.Tests.Scenarios;

namespace MigrationSim.Model.Tests;

/// <summary>
/// A postcopy request under max-postcopy-bandwidth: while the 100 ms window's budget is spent,
/// qemu_savevm_state_iterate returns before RAM's iterate, so the migration thread serves the request
/// only once the window resets (7.2 and 10.0); 10.0 with postcopy-preempt sends it from the return
/// path instead.
/// </summary>
public class PostcopyRateLimitTests
{
    private const double WindowMs = 100;

    [Fact]
    public void The_mean_wait_for_the_reset_is_the_spent_part_of_the_window_squared_over_twice_the_window()
    {
        // 32 MB/s over a 400 MB/s link: the budget (3.2 MB) is spent 8 ms into the window, and a moment
        // drawn uniformly waits (100 - 8)^2 / 200 ms = 42.32 ms on average.
        Assert.Equal(0.04232, RateLimiter.MeanWaitForResetSeconds(32e6, 400e6), 12);
        Assert.Equal(0.05, RateLimiter.MeanWaitForResetSeconds(1, double.PositiveInfinity), 9);
        Assert.Equal(0, RateLimiter.MeanWaitForResetSeconds(double.PositiveInfinity, 400e6));
        Assert.Equal(0, RateLimiter.MeanWaitForResetSeconds(400e6, 400e6)); // the link cannot spend the budget early
    }

    [Fact]
    public void A_request_that_finds_the_budget_spent_lands_right_after_a_window_resets()
    {
        var faults = Faults(16 * MiB, QemuVersion.V7_2, preempt: false);
        var waited = faults.Where(f => f.LatencyMs > 20).ToList();
        Assert.True(waited.Count >= 10, $"only {waited.Count} of {faults.Count} faults waited");
        // Every such page is sent as its window opens: one latency (0.1 ms) and one page's transfer later it lands,
        // so all of them land at the same point of the 100 ms cycle, give or take the requests queued together.
        double first = Phase(waited[0]);
        Assert.All(waited, f =>
        {
            double apart = (Phase(f) - first + WindowMs) % WindowMs;
            Assert.True(apart < 1 || apart > WindowMs - 1, $"fault at {f.TimeMs} ms landed {apart:F3} ms away from the others' phase");
        });
    }

    [Fact]
    public void Without_a_limit_no_request_waits()
    {
        var faults = Faults(double.PositiveInfinity, QemuVersion.V7_2, preempt: false);
        Assert.NotEmpty(faults);
        Assert.All(faults, f => Assert.True(f.LatencyMs < 5, $"fault at {f.TimeMs} ms took {f.LatencyMs} ms"));
    }

    [Fact]
    public void Only_10_0_with_preempt_sends_requests_past_the_limit()
    {
        static double Slowest(QemuVersion v, bool preempt) => Faults(16 * MiB, v, preempt).Max(f => f.LatencyMs);
        Assert.True(Slowest(QemuVersion.V10_0, preempt: true) < 5);
        Assert.True(Slowest(QemuVersion.V10_0, preempt: false) > 20);
        Assert.True(Slowest(QemuVersion.V7_2, preempt: true) > 20);
    }

    [Theory]
    [InlineData("7.2")]
    [InlineData("10.0")]
    public void No_request_waits_for_the_reset_once_the_rest_fits_the_threshold(string qemu)
    {
        // The guest faults again ~8 ms after each page lands, so a window serves the request that waited for
        // it and one more during its burst, and the next finds the budget spent. Once a burst has taken
        // pending below the threshold (64 MiB/s x 300 ms), that request's urgent wake runs
        // migration_iteration_run, whose stop rule starts migration_completion at once: it is served
        // without waiting for the reset. Without that, it waits most of a window while the polls in
        // between show the rest under the threshold (here 17.7 MB at the last poll against 20.1 MB).
        var input = Make(256L << 20, new UniformWorkloadSpec(24_576, 20_000), maxBandwidth: 64 * MiB,
            policy: new HybridSpec(new SwitchRule { AfterIterations = 2 }), maxPostcopyBandwidth: 64 * MiB);
        var result = MigrationSimulation.Run(input with
        {
            Host = new HostProfile { Qemu = QemuVersion.TryParse(qemu)!.Value, EffectiveBandwidthBytesPerSecond = 400e6, FaultServiceTime = SimTime.FromMilliseconds(8) },
        });
        double threshold = 64 * MiB * 0.3;
        Assert.Contains(result.Faults, f => f.LatencyMs > 50); // requests did wait for the window before the end
        var underThreshold = result.Timeline.Where(p => p.Status == MigrationStatus.PostcopyActive && p.Remaining > 0 && p.Remaining < 0.98 * threshold).ToList();
        Assert.All(underThreshold, p => Assert.DoesNotContain(result.Faults,
            f => f.TimeMs < p.ElapsedMs && f.TimeMs + f.LatencyMs > p.ElapsedMs && f.LatencyMs > 20));
    }

    private static double Phase(FaultRecord f) => (f.TimeMs + f.LatencyMs) % WindowMs;

    private static IReadOnlyList<FaultRecord> Faults(double maxPostcopyBandwidth, QemuVersion qemu, bool preempt)
    {
        var input = Make(64L << 20, new UniformWorkloadSpec(16_384, 20_000), maxBandwidth: 16 * MiB, policy: PostcopySpec.Instance,
            postcopy: new PostcopyParameters { Preempt = preempt }, maxPostcopyBandwidth: maxPostcopyBandwidth);
        return MigrationSimulation.Run(input with { Host = new HostProfile { Qemu = qemu } }).Faults;
    }
}
