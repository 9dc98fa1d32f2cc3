using MigrationSim.Kernel;
using MigrationSim.Model.Memory;
using MigrationSim.Model.Workloads;

namespace MigrationSim.Model.Tests;

/// <summary>
/// Every page of the region is touched independently with probability p, on every path the
/// toucher takes (sparse skips, 64-page masks from p's first 8 binary digits plus the exact
/// remainder, untouched-page skips): the mean, the spread per word, and no position favoured.
/// </summary>
public class RegionToucherTests
{
    private sealed class WordCounter(long start, long pages) : IPageWriter
    {
        public readonly long[] PerPage = new long[pages];
        public readonly List<int> PerWordCounts = [];
        public long Touched;

        public void Write(long page) { PerPage[page - start]++; Touched++; }

        public void WriteRange(long s, long count) { for (long p = s; p < s + count; p++) Write(p); }
    }

    [Theory]
    [InlineData(0.01)]     // skips over touched pages
    [InlineData(0.3337)]   // masks: 8 digits give 0.33203; the remainder must make up 0.0017
    [InlineData(0.5)]      // masks, exact in 8 digits
    [InlineData(0.7891)]   // masks with a remainder
    [InlineData(0.9995)]   // skips over untouched pages
    public void Each_page_is_touched_with_probability_p(double p)
    {
        const long start = 37, pages = 4096; // not word-aligned at either end
        const int trials = 2000;
        var w = new WordCounter(start, pages);
        var rng = new RandomStream(11);
        for (int t = 0; t < trials; t++) RegionToucher.TouchEach(start, pages, p, rng, w);

        double n = (double)pages * trials;
        double mean = w.Touched / n;
        double sd = Math.Sqrt(p * (1 - p) / n);
        Assert.InRange(mean, p - 5 * sd, p + 5 * sd);
        // no position favoured: each page's count ~ Binomial(trials, p); the largest deviation over 4096 pages stays within ~5 sd
        double pageSd = Math.Sqrt(trials * p * (1 - p));
        Assert.All(w.PerPage, c => Assert.InRange(c, trials * p - 5.5 * pageSd, trials * p + 5.5 * pageSd));
    }

    [Fact]
    public void Pages_in_a_word_are_touched_independently()
    {
        // Per 64-page word the count must have the binomial variance 64 p (1 - p): correlated bits would inflate it.
        const double p = 0.3337;
        var rng = new RandomStream(5);
        var counts = new List<int>();
        var writer = new CountPerWord(counts);
        for (int t = 0; t < 5000; t++) RegionToucher.TouchEach(0, 64 * 16, p, rng, writer);
        double mean = counts.Average(), variance = counts.Sum(c => (c - mean) * (c - mean)) / (counts.Count - 1);
        Assert.InRange(mean, 64 * p - 0.1, 64 * p + 0.1);
        Assert.InRange(variance / (64 * p * (1 - p)), 0.95, 1.05);
    }

    private sealed class CountPerWord(List<int> counts) : IPageWriter
    {
        public void Write(long page) => throw new InvalidOperationException("dense touches arrive as words");
        public void WriteRange(long start, long count) => throw new InvalidOperationException("dense touches arrive as words");
        public void WriteWord(int wordIndex, ulong bits) => counts.Add(System.Numerics.BitOperations.PopCount(bits));
    }
}
