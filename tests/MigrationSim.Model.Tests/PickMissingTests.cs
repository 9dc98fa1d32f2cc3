using MigrationSim.Kernel;
using MigrationSim.Model.Memory;
using MigrationSim.Model.Workloads;

namespace MigrationSim.Model.Tests;

/// <summary>A fault's page is drawn with probability proportional to its weight among the missing pages, on every pattern.</summary>
public class PickMissingTests
{
    [Theory]
    [InlineData("uniform", 1, false)]   // every page missing: drawn accesses hit one at once
    [InlineData("uniform", 3, false)]   // a third missing: drawn accesses hit one in three
    [InlineData("uniform", 97, false)]  // few missing: rank/select after 32 misses
    [InlineData("uniform", 1, true)]    // drawn ahead: the same, with the draws made earlier
    [InlineData("uniform", 3, true)]    // drawn ahead, a third missing: still drawn
    [InlineData("uniform", 97, true)]   // drawn ahead, few missing: rank/select at once
    [InlineData("hotspot", 3, false)]
    [InlineData("hotspot", 97, false)]
    [InlineData("hotspot", 1, true)]
    [InlineData("hotspot", 97, true)]
    [InlineData("zipf", 3, false)]
    [InlineData("zipf", 3, true)]
    public void A_faulting_page_is_drawn_by_weight_among_the_missing_pages(string kind, int stride, bool ahead)
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
        var draws = ahead ? AccessDraws.Ahead(a, new RandomStream(9), pick) : AccessDraws.OnDemand(a, new RandomStream(9));

        double mass = Enumerable.Range((int)first, (int)pages).Where(p => missing.Get(p)).Sum(p => a.Weight(p));
        var counts = new Dictionary<long, int>();
        const int picks = 200_000;
        for (int i = 0; i < picks; i++)
        {
            long p = a.PickMissing(draws, pick, mass)!.Value;
            Assert.True(missing.Get(p) && a.Contains(p), $"page {p} is not a missing page of the pattern");
            counts[p] = counts.GetValueOrDefault(p) + 1;
        }
        // chi-square over the missing pages of the pattern
        double chi = 0;
        int cells = 0;
        for (long p = first; p < first + pages; p++)
        {
            if (!missing.Get(p)) continue;
            double expected = picks * a.Weight(p) / mass;
            chi += Math.Pow(counts.GetValueOrDefault(p) - expected, 2) / expected;
            cells++;
        }
        // mean cells-1, sd sqrt(2(cells-1)): well within 5 sd
        Assert.InRange(chi, 0, cells - 1 + 5 * Math.Sqrt(2.0 * (cells - 1)));
    }
}
