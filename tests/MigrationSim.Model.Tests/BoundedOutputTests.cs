using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MigrationSim.Kernel;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Policies;
using MigrationSim.Model.Results;
using MigrationSim.Model.Workloads;
using static MigrationSim.Model.Tests.Scenarios;

namespace MigrationSim.Model.Tests;

/// <summary>Long runs and many faults stay in bounded memory, and what is kept still answers the same questions.</summary>
public class BoundedOutputTests
{
    [Fact]
    public void A_long_run_keeps_a_bounded_evenly_spaced_timeline_and_every_poll_reaches_subscribers()
    {
        var input = Make(GiB, new SequentialWorkloadSpec(100_000, 40_000), maxBandwidth: 32 * MiB, maxTimeSeconds: 3600)
            with { SampleInterval = SimTime.FromMilliseconds(10), Timeline = new TimelineOptions { MaxSamples = 1000 } };
        long seen = 0;
        var r = MigrationSimulation.Run(input, m => m.Sampled += _ => seen++);
        Assert.InRange(r.Timeline.Count, 500, 1001);
        var gaps = r.Timeline.Zip(r.Timeline.Skip(1), (a, b) => Math.Round(b.ElapsedMs - a.ElapsedMs, 6)).SkipLast(1).Distinct().ToList();
        Assert.True(gaps.Count == 1, string.Join(", ", gaps));
        Assert.True(gaps[0] >= 10 * 512, $"interval {gaps[0]} ms"); // 3600 s of 10 ms polls, thinned by 2^9 at least
        Assert.Equal(r.Summary.TotalTimeMs, r.Timeline[^1].ElapsedMs, 3);
        Assert.True(seen > 2 * r.Timeline.Count);
    }

    [Fact]
    public void Every_poll_mode_keeps_nothing_but_the_last_and_streams_all_of_them()
    {
        var input = Make(GiB / 4, new UniformWorkloadSpec(10_000, 5_000), maxBandwidth: 32 * MiB)
            with { SampleInterval = SimTime.FromMilliseconds(10), Timeline = new TimelineOptions { EveryPoll = true, MaxSamples = 4 } };
        var polls = new List<MigrationSample>();
        var r = MigrationSimulation.Run(input, m => m.Sampled += polls.Add);
        Assert.Single(r.Timeline);
        Assert.Equal(polls[^1], r.Timeline[0]);
        var gaps = polls.Zip(polls.Skip(1), (a, b) => Math.Round(b.ElapsedMs - a.ElapsedMs, 6)).SkipLast(1).Distinct().ToList();
        Assert.Equal([10.0], gaps);
    }

    [Property(MaxTest = 50)]
    public Property Histogram_quantiles_are_within_a_tenth_of_a_percent(PositiveInt seed, PositiveInt extra)
    {
        var rng = new RandomStream((ulong)seed.Get);
        int n = LatencyHistogram.ExactLimit + 1 + extra.Get % 50_000;
        var h = new LatencyHistogram();
        var values = new double[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = Math.Exp(rng.NextDouble() * 12 - 4); // 0.02 ms .. 3 s, log-uniform
            h.Add(values[i]);
        }
        Array.Sort(values);
        bool ok = !h.IsExact && h.Count == n && h.Max == values[^1];
        foreach (double q in new[] { 0.5, 0.95, 0.99 })
        {
            double exact = values[(int)Math.Round(q * (n - 1))];
            ok &= Math.Abs(h.Quantile(q)!.Value - exact) <= exact * 0.0011;
        }
        return ok.Label("a quantile is off by more than 0.1%");
    }

    [Fact]
    public void Few_latencies_give_exact_type_7_quantiles()
    {
        var h = new LatencyHistogram();
        foreach (double v in new[] { 4.0, 1.0, 3.0, 2.0 }) h.Add(v);
        Assert.True(h.IsExact);
        Assert.Equal(2.5, h.Quantile(0.5));
        Assert.Equal(3.85, h.Quantile(0.95)!.Value, 10);
        Assert.Equal(4.0, h.Max);
    }

    [Fact]
    public void Many_faults_keep_a_systematic_sample_and_say_its_rate()
    {
        var log = new FaultLog();
        for (int i = 0; i < 300_000; i++) log.Add(new FaultRecord(i, i, 1 + i % 7, false));
        Assert.Equal(300_000, log.Count);
        Assert.Equal(8, log.OneIn); // 65,536 x 4 < 300,000 <= 65,536 x 8
        Assert.True(log.Records.Count < FaultLog.RecordCap);
        Assert.All(log.Records, f => Assert.Equal(0, (long)f.TimeMs % 8));
    }

    [Property(MaxTest = 200)]
    public Property A_words_mass_is_the_sum_of_its_pages_weights(PositiveInt first, PositiveInt pages, PositiveInt word, ulong bits)
    {
        long f = first.Get % 500, w = 1 + pages.Get % 700;
        long hot = 1 + w / 10;
        int wi = word.Get % 30;
        var patterns = new AccessPattern[] { new UniformAccess(f, w), new HotspotAccess(f, w, hot, 0.9), new ZipfAccess(f, w, 1.1, ZipfSampler.Harmonic(w, 1.1)) };
        bool ok = true;
        foreach (var a in patterns)
        {
            double sum = 0;
            for (int b = 0; b < 64; b++) if ((bits >> b & 1) != 0) sum += a.Weight(((long)wi << 6) + b);
            ok &= Math.Abs(a.Mass(wi, bits) - sum) <= 1e-12;
        }
        return ok.ToProperty();
    }
}
