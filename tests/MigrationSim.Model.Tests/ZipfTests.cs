using MathNet.Numerics.Distributions;
using MigrationSim.Kernel;
using MigrationSim.Model.Workloads;

namespace MigrationSim.Model.Tests;

public class ZipfTests
{
    [Theory]
    [InlineData(0.5, 50)]
    [InlineData(1.0, 200)]
    [InlineData(1.5, 1000)]
    [InlineData(2.5, 30)]
    public void Sampler_matches_MathNet_pmf(double s, int n)
    {
        var sampler = new ZipfSampler(s, 1, n);
        var rng = new RandomStream(99);
        const int draws = 200_000;
        var counts = new int[n + 1];
        for (int i = 0; i < draws; i++) counts[sampler.Sample(rng)]++;
        // Pearson chi-square over ranks with expected count >= 5 (the tail pooled)
        double chi = 0;
        int cells = 0;
        double tailObs = 0, tailExp = 0;
        for (int k = 1; k <= n; k++)
        {
            double e = Zipf.PMF(s, n, k) * draws;
            if (e >= 5) { chi += (counts[k] - e) * (counts[k] - e) / e; cells++; }
            else { tailObs += counts[k]; tailExp += e; }
        }
        if (tailExp > 0) { chi += (tailObs - tailExp) * (tailObs - tailExp) / tailExp; cells++; }
        // mean cells-1, sd sqrt(2(cells-1)); 5 sd is a false alarm once in millions of runs
        double limit = cells - 1 + 5 * Math.Sqrt(2.0 * (cells - 1));
        Assert.True(chi < limit, $"chi-square {chi:0.0} over {cells} cells exceeds {limit:0.0}");
    }

    [Fact]
    public void Sampler_over_a_tail_range_only_returns_ranks_in_it_with_zipf_ratios()
    {
        var sampler = new ZipfSampler(1.2, 101, 5000);
        var rng = new RandomStream(4);
        var counts = new Dictionary<long, int>();
        for (int i = 0; i < 100_000; i++)
        {
            long k = sampler.Sample(rng);
            Assert.InRange(k, 101, 5000);
            counts[k] = counts.GetValueOrDefault(k) + 1;
        }
        // P(101)/P(202) = 2^1.2
        double ratio = (double)counts[101] / counts[202];
        Assert.InRange(ratio, Math.Pow(2, 1.2) * 0.85, Math.Pow(2, 1.2) * 1.15);
    }

    [Theory]
    [InlineData(1_000, 1.0)]
    [InlineData(100_000, 0.8)]
    [InlineData(20_000_000, 1.1)]
    public void Harmonic_number_matches_direct_sum(long n, double s)
    {
        double direct = 0;
        for (long k = n; k >= 1; k--) direct += Math.Pow(k, -s);
        Assert.Equal(direct, ZipfSampler.Harmonic(n, s), direct * 1e-9);
    }

    [Theory]
    [InlineData(5_000, 1.0, 2_000.0)]
    [InlineData(5_000, 0.7, 50_000.0)]
    public void Workload_touches_the_expected_number_of_distinct_pages(long pages, double s, double writes)
    {
        // E[distinct] = sum_k 1 - (1 - p_k)^n, computed from MathNet's pmf
        double expected = 0;
        for (int k = 1; k <= pages; k++) expected += 1 - Math.Pow(1 - Zipf.PMF(s, (int)pages, k), writes);
        var spec = new ZipfWorkloadSpec(pages, writes, s);
        var streams = new RandomStreams(8);
        var totals = new List<int>();
        for (int trial = 0; trial < 20; trial++)
        {
            var wl = spec.Create(0, streams, $"t{trial}");
            var w = new RecordingWriter();
            wl.Advance(SimTime.Zero, SimTime.FromSeconds(1), 1.0, w);
            Assert.All(w.Pages, p => Assert.InRange(p, 0, pages - 1));
            totals.Add(w.Pages.Count);
        }
        Assert.InRange(totals.Average(), expected * 0.97, expected * 1.03);
    }
}
