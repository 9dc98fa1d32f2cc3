using MigrationSim.Kernel;
using MigrationSim.Model.Memory;
using MigrationSim.Model.Workloads;

namespace MigrationSim.Model.Tests;

/// <summary>Records writes: which pages, how often an interval touched each.</summary>
internal sealed class RecordingWriter : IPageWriter
{
    public readonly HashSet<long> Pages = [];
    public long Calls;

    public void Write(long page) { Pages.Add(page); Calls++; }

    public void WriteRange(long start, long count)
    {
        for (long p = start; p < start + count; p++) Pages.Add(p);
        Calls++;
    }
}

public class WorkloadTests
{
    private static readonly SimTime Second = SimTime.FromSeconds(1);

    [Theory]
    [InlineData(10_000, 500.0)]     // few writes: geometric skips over touched pages
    [InlineData(10_000, 20_000.0)]  // more writes than pages: skips over untouched pages
    [InlineData(1_000, 100_000.0)]  // saturating
    public void Uniform_touches_the_occupancy_expectation_of_distinct_pages(long pages, double writes)
    {
        // E[distinct] = W (1 - (1 - 1/W)^n); over 40 trials the mean is within 4 standard errors.
        var rng = new RandomStream(11);
        var counts = new List<double>();
        for (int trial = 0; trial < 40; trial++)
        {
            var w = new RecordingWriter();
            RegionToucher.Touch(100, pages, writes, rng, w);
            Assert.All(w.Pages, p => Assert.InRange(p, 100, 100 + pages - 1));
            counts.Add(w.Pages.Count);
        }
        double p1 = 1 - Math.Pow(1 - 1.0 / pages, writes);
        double expected = pages * p1;
        double sd = Math.Sqrt(pages * p1 * (1 - p1)) / Math.Sqrt(counts.Count);
        Assert.InRange(counts.Average(), expected - 4 * sd - 1e-9, expected + 4 * sd + 1e-9);
    }

    [Fact]
    public void Uniform_cost_follows_pages_touched_not_writes()
    {
        // A million writes into 1000 pages: the writer is called about once, not a million times.
        var w = new RecordingWriter();
        RegionToucher.Touch(0, 1000, 1_000_000, new RandomStream(1), w);
        Assert.Equal(1000, w.Pages.Count);
        Assert.True(w.Calls <= 2, $"{w.Calls} calls");
    }

    [Fact]
    public void Sequential_writes_consecutive_pages_and_wraps()
    {
        var spec = new SequentialWorkloadSpec(Pages: 100, RatePagesPerSecond: 30);
        var wl = new SequentialWorkload(1000, spec);
        var w = new RecordingWriter();
        wl.Advance(SimTime.Zero, Second, 1.0, w);
        Assert.Equal(Enumerable.Range(1000, 30).Select(i => (long)i), w.Pages.Order());
        var w2 = new RecordingWriter();
        wl.Advance(Second, SimTime.FromSeconds(3.5), 1.0, w2); // 75 more pages: 30..99, then 0..4
        Assert.Equal(Enumerable.Range(1030, 70).Concat(Enumerable.Range(1000, 5)).Select(i => (long)i).Order(), w2.Pages.Order());
    }

    [Fact]
    public void Speed_scales_the_number_of_writes()
    {
        var spec = new SequentialWorkloadSpec(Pages: 10_000, RatePagesPerSecond: 1000);
        var wl = new SequentialWorkload(0, spec);
        var w = new RecordingWriter();
        wl.Advance(SimTime.Zero, Second, 0.25, w);
        Assert.Equal(250, w.Pages.Count);
    }

    [Fact]
    public void Hotspot_sends_the_hot_share_to_the_hot_pages()
    {
        var spec = new HotspotWorkloadSpec(Pages: 100_000, RatePagesPerSecond: 2_000, HotFraction: 0.1, HotShare: 0.9);
        var wl = new HotspotWorkload(0, spec, new RandomStream(5));
        var w = new RecordingWriter();
        wl.Advance(SimTime.Zero, Second, 1.0, w);
        long hot = w.Pages.Count(p => p < 10_000);
        long cold = w.Pages.Count - hot;
        // 1800 writes over 10k hot pages (E distinct ~ 1651), 200 over 90k cold (~ 200)
        Assert.InRange(hot, 1550, 1750);
        Assert.InRange(cold, 170, 230);
    }

    [Fact]
    public void Phased_runs_each_phase_for_its_duration_and_idles_in_idle_phases()
    {
        var spec = new PhasedWorkloadSpec([
            new WorkloadPhase(SimTime.FromSeconds(2).Nanoseconds, new SequentialWorkloadSpec(1000, 100)),
            new WorkloadPhase(SimTime.FromSeconds(3).Nanoseconds, new IdleWorkloadSpec()),
        ]);
        var wl = spec.Create(0, new RandomStreams(1));
        var w = new RecordingWriter();
        wl.Advance(SimTime.Zero, SimTime.FromSeconds(5), 1.0, w);
        Assert.Equal(200, w.Pages.Count); // 2 s x 100 pages/s, then idle
        var idle = new RecordingWriter();
        wl.Advance(SimTime.FromSeconds(7), SimTime.FromSeconds(10), 1.0, idle); // second cycle's idle phase
        Assert.Empty(idle.Pages);
        var again = new RecordingWriter();
        wl.Advance(SimTime.FromSeconds(10), SimTime.FromSeconds(11), 1.0, again); // third cycle, writing
        Assert.Equal(100, again.Pages.Count);
    }
}
