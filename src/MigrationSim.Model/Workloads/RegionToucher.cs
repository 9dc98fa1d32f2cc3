using MigrationSim.Kernel;
using MigrationSim.Model.Memory;

namespace MigrationSim.Model.Workloads;

/// <summary>
/// Applies n uniform writes to a region of W pages in bulk. Each page is touched at least once
/// with probability p = 1 - (1 - 1/W)^n, independently (the expected distinct count
/// W(1 - (1-1/W)^n) is exact). Sparse touches (p &lt; <see cref="WordMaskFrom"/>) are visited by
/// geometric skips, O(distinct); dense ones are drawn 64 pages at a time as a Bernoulli mask from
/// p's first 8 binary digits (8 random words at most per 64 pages) plus a sparse exact remainder,
/// so the cost is O(min(distinct, W/64)) and every page is touched with probability p exactly.
/// </summary>
public static class RegionToucher
{
    /// <summary>Applies <paramref name="writes"/> uniform writes (a real number: the fraction is drawn) over pages [start, start + pages) to <paramref name="writer"/>, each distinct page touched once, in time proportional to the pages touched.</summary>
    public static void Touch(long start, long pages, double writes, RandomStream rng, IPageWriter writer)
    {
        if (pages <= 0 || writes <= 0) return;
        double p = pages == 1 ? 1.0 : -AccurateMath.ExpM1(writes * AccurateMath.Log1P(-1.0 / pages));
        TouchEach(start, pages, p, rng, writer);
    }

    /// <summary>Touch probability from which whole 64-page masks are cheaper than visiting touched pages one by one.</summary>
    public const double WordMaskFrom = 1.0 / 32;

    /// <summary>Touches each page of the region independently with probability <paramref name="p"/>.</summary>
    public static void TouchEach(long start, long pages, double p, RandomStream rng, IPageWriter writer)
    {
        if (p <= 0 || pages <= 0) return;
        if (p >= 1 - 1e-12)
        {
            writer.WriteRange(start, pages);
            return;
        }
        if (p >= WordMaskFrom && pages >= 64)
        {
            TouchByWords(start, pages, p, rng, writer);
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

    /// <summary>
    /// Each page of [start, start+pages) set with probability p, one 64-page word at a time. The
    /// word's mask is Bernoulli(p8) per bit, p8 = p rounded down to 8 binary digits, built from at
    /// most 8 random words; the rest, Bernoulli((p - p8) / (1 - p8)) per page (under 1/256), is
    /// added by geometric skips across the region. A bit is then set with probability
    /// p8 + (1 - p8)(p - p8)/(1 - p8) = p exactly.
    /// </summary>
    private static void TouchByWords(long start, long pages, double p, RandomStream rng, IPageWriter writer)
    {
        const int Digits = 8;
        int q = (int)Math.Floor(p * (1 << Digits));
        double p8 = q / (double)(1 << Digits);
        double rest = (p - p8) / (1 - p8);
        int low = q == 0 ? Digits : System.Numerics.BitOperations.TrailingZeroCount(q);
        double logKeep = rest > 0 ? AccurateMath.Log1P(-rest) : 0;
        long nextExtra = rest > 0 ? start + Skip(rng, logKeep) : long.MaxValue;
        long end = start + pages;
        int first = (int)(start >> 6), last = (int)((end - 1) >> 6);
        for (int w = first; w <= last; w++)
        {
            // Bernoulli(q / 256) per bit: fold random words from q's lowest set bit up to its top bit.
            ulong m = 0;
            for (int b = low; b < Digits; b++)
            {
                ulong r = rng.NextUInt64();
                m = ((q >> b) & 1) != 0 ? m | r : m & r;
            }
            long wordEnd = ((long)w + 1) << 6;
            while (nextExtra < wordEnd && nextExtra < end)
            {
                m |= 1UL << (int)(nextExtra & 63);
                long skip = Skip(rng, logKeep);
                nextExtra = skip >= end ? long.MaxValue : nextExtra + 1 + skip;
            }
            if (w == first) m &= ulong.MaxValue << (int)(start & 63);
            if (w == last && (end & 63) != 0) m &= (1UL << (int)(end & 63)) - 1;
            if (m == 0) continue;
            // The migration's sync writer by its sealed type: a direct, inlinable call in the hottest loop
            // of a dirtying guest, whether or not the runtime has profiled this method (sweeps' short runs).
            if (writer is GuestMemory.SyncWriter sync) sync.WriteWord(w, m);
            else writer.WriteWord(w, m);
        }
    }

    /// <summary>Failures before the first success, where a failure has probability e^logFail.</summary>
    private static long Skip(RandomStream rng, double logFail)
    {
        double g = Math.Floor(Math.Log(rng.NextDoubleNonZero()) / logFail);
        return g >= long.MaxValue / 4 ? long.MaxValue / 4 : (long)g;
    }
}
