using MigrationSim.Kernel;
using MigrationSim.Model.Memory;

namespace MigrationSim.Model.Workloads;

/// <summary>
/// Applies n uniform writes to a region of W pages in bulk. Each page is touched at least once
/// with probability p = 1 - (1 - 1/W)^n, independently; touched pages (p &lt;= 1/2) or untouched
/// pages (p &gt; 1/2) are visited by geometric skips, so the cost is O(min(n, W e^(-n/W)) + 1)
/// rather than O(n), and the expected distinct count W(1 - (1-1/W)^n) is exact.
/// </summary>
public static class RegionToucher
{
    public static void Touch(long start, long pages, double writes, RandomStream rng, IPageWriter writer)
    {
        if (pages <= 0 || writes <= 0) return;
        double p = pages == 1 ? 1.0 : -AccurateMath.ExpM1(writes * AccurateMath.Log1P(-1.0 / pages));
        TouchEach(start, pages, p, rng, writer);
    }

    /// <summary>Touches each page of the region independently with probability <paramref name="p"/>.</summary>
    public static void TouchEach(long start, long pages, double p, RandomStream rng, IPageWriter writer)
    {
        if (p <= 0) return;
        if (p >= 1 - 1e-12)
        {
            writer.WriteRange(start, pages);
            return;
        }
        if (p <= 0.5)
        {
            double logQ = AccurateMath.Log1P(-p);
            long pos = -1;
            while (true)
            {
                pos += 1 + Skip(rng, logQ);
                if (pos >= pages || pos < 0) return;
                writer.Write(start + pos);
            }
        }
        else
        {
            // Walk the untouched pages (probability 1-p each) and write the runs between them.
            double logP = Math.Log(p);
            long runStart = 0;
            while (true)
            {
                long untouched = runStart + Skip(rng, logP);
                if (untouched >= pages || untouched < 0)
                {
                    if (runStart < pages) writer.WriteRange(start + runStart, pages - runStart);
                    return;
                }
                if (untouched > runStart) writer.WriteRange(start + runStart, untouched - runStart);
                runStart = untouched + 1;
            }
        }
    }

    /// <summary>Failures before the first success, where a failure has probability e^logFail.</summary>
    private static long Skip(RandomStream rng, double logFail)
    {
        double g = Math.Floor(Math.Log(rng.NextDoubleNonZero()) / logFail);
        return g >= long.MaxValue / 4 ? long.MaxValue / 4 : (long)g;
    }
}
