using MigrationSim.Kernel;
using MigrationSim.Model.Memory;
using MigrationSim.Model.Workloads;

namespace MigrationSim.Model.Tests;

/// <summary>A fault's page is drawn with probability proportional to its weight among the missing pages, on every pattern.</summary>
public class PickMissingTests
{
    [Theory]
    [InlineData("uniform", 3)]   // many missing: drawn accesses hit one at once
    [InlineData("uniform", 97)]  // few missing: rank/select
    [InlineData("hotspot", 3)]
    [InlineData("hotspot", 97)]
    [InlineData("zipf", 3)]
    public void A_faulting_page_is_drawn_by_weight_among_the_missing_pages(string kind, int stride)
    {
        const long first = 100, pages = 1000, total = 1200;
        AccessPattern a = kind switch
        {
            "uniform" => new UniformAccess(first, pages),
            "hotspot" => new HotspotAccess(first, pages, 100, 0.8),
            _ => new ZipfAccess(first, pages, 1.0, ZipfSampler.Harmonic(pages, 1.0)),
        };
        var missing = new PageBitmap(total);
        for (long p = 0; p < total; p += stride) missing.Set(p);
        var pick = new MissingPages(missing);

        var rng = new RandomStream(9);
        var counts = new Dictionary<long, int>();
        const int draws = 200_000;
        for (int i = 0; i < draws; i++)
        {
            long p = a.PickMissing(rng, pick)!.Value;
            Assert.True(missing.Get(p) && a.Contains(p), $"page {p} is not a missing page of the pattern");
            counts[p] = counts.GetValueOrDefault(p) + 1;
        }
        double mass = Enumerable.Range((int)first, (int)pages).Where(p => missing.Get(p)).Sum(p => a.Weight(p));
        // chi-square over the missing pages of the pattern
        double chi = 0;
        int cells = 0;
        for (long p = first; p < first + pages; p++)
        {
            if (!missing.Get(p)) continue;
            double expected = draws * a.Weight(p) / mass;
            chi += Math.Pow(counts.GetValueOrDefault(p) - expected, 2) / expected;
            cells++;
        }
        // mean cells-1, sd sqrt(2(cells-1)): well within 5 sd
        Assert.InRange(chi, 0, cells - 1 + 5 * Math.Sqrt(2.0 * (cells - 1)));
    }
}
