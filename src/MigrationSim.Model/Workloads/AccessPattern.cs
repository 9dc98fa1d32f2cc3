using MigrationSim.Kernel;
using MigrationSim.Model.Memory;

namespace MigrationSim.Model.Workloads;

/// <summary>
/// How one guest access (read or write) spreads over pages: the probability mass of each page
/// and a sampler. Postcopy uses it on the destination: the fault rate is the access rate times
/// the mass of the pages still missing there.
/// </summary>
public abstract class AccessPattern(long firstPage, long pages)
{
    /// <summary>First page of the region.</summary>
    public long FirstPage { get; } = firstPage;
    /// <summary>Pages in the region.</summary>
    public long Pages { get; } = pages;

    /// <summary>Probability that one access hits <paramref name="page"/> (0 outside the pattern's pages).</summary>
    public abstract double Weight(long page);

    /// <summary>Draws the page of one access.</summary>
    public abstract long Sample(RandomStream rng);

    /// <summary>The page is in the region.</summary>
    public bool Contains(long page) => page >= FirstPage && page < FirstPage + Pages;

    /// <summary>
    /// A page this pattern's next access hits, given that it hits one of the <paramref name="missing"/>
    /// pages (chosen with probability proportional to its weight among them); null when none of the
    /// pattern's pages is missing. <paramref name="draws"/> are this pattern's accesses drawn ahead;
    /// <paramref name="missingMass"/> is the pattern's weight on the missing pages (the chance that an
    /// access hits one), which the caller keeps: it says whether drawing accesses until one hits
    /// (1 / mass draws) or rank/select is cheaper. The default tries drawn accesses and, when the
    /// missing pages are few, takes the first weighted missing page from a random point.
    /// </summary>
    public virtual long? PickMissing(AccessDraws draws, MissingPages missing, double missingMass)
    {
        for (int tries = 0; tries < 256; tries++)
        {
            long p = draws.Next();
            if (missing.Contains(p)) return p;
        }
        var rng = draws.Rng;
        long start = FirstPage + (long)rng.NextUInt64((ulong)Pages);
        long end = FirstPage + Pages;
        var bits = missing.Bits;
        for (long p = bits.NextSetBit(start); p >= 0 && p < end; p = bits.NextSetBit(p + 1))
            if (Weight(p) > 0) return p;
        for (long p = bits.NextSetBit(FirstPage); p >= 0 && p < start; p = bits.NextSetBit(p + 1))
            if (Weight(p) > 0) return p;
        return null;
    }

    /// <summary>
    /// A uniformly chosen missing page of [from, to), or null when none is missing there: while more than
    /// <paramref name="drawAbove"/> of them are missing (<paramref name="missingShare"/>), a few uniform draws
    /// first (each is exact given that it hits a missing page), then rank/select.
    /// </summary>
    protected static long? PickUniform(RandomStream rng, MissingPages missing, long from, long to, double missingShare, double drawAbove)
    {
        if (to <= from) return null;
        for (int tries = missingShare > drawAbove ? 0 : 32; tries < 32; tries++)
        {
            long p = from + (long)rng.NextUInt64((ulong)(to - from));
            if (missing.Contains(p)) return p;
        }
        return SelectUniform(rng, missing, from, to);
    }

    /// <summary>A uniformly chosen missing page of [from, to) by rank/select, or null when none is missing there.</summary>
    protected static long? SelectUniform(RandomStream rng, MissingPages missing, long from, long to)
    {
        if (to <= from) return null;
        var index = missing.Index;
        long before = index.CountBefore(from);
        long n = index.CountBefore(to) - before;
        return n <= 0 ? null : index.Select(before + (long)rng.NextUInt64((ulong)n));
    }

    /// <summary>Total weight of the pages set in <paramref name="bits"/> of 64-page word <paramref name="wordIndex"/>.</summary>
    public virtual double Mass(int wordIndex, ulong bits)
    {
        double mass = 0;
        long basePage = (long)wordIndex << 6;
        bits &= PageBitmap.RangeMask(wordIndex, FirstPage, FirstPage + Pages);
        while (bits != 0)
        {
            mass += Weight(basePage + System.Numerics.BitOperations.TrailingZeroCount(bits));
            bits &= bits - 1;
        }
        return mass;
    }
}

/// <summary>Every page of the region equally likely.</summary>
public sealed class UniformAccess(long firstPage, long pages) : AccessPattern(firstPage, pages)
{
    /// <inheritdoc/>
    public override double Weight(long page) => Contains(page) ? 1.0 / Pages : 0;

    /// <inheritdoc/>
    public override long Sample(RandomStream rng) => FirstPage + (long)rng.NextUInt64((ulong)Pages);

    /// <inheritdoc/>
    public override double Mass(int wordIndex, ulong bits) =>
        System.Numerics.BitOperations.PopCount(bits & PageBitmap.RangeMask(wordIndex, FirstPage, FirstPage + Pages)) / (double)Pages;

    /// <inheritdoc/>
    public override long? PickMissing(AccessDraws draws, MissingPages missing, double missingMass)
    {
        // Drawn accesses while many pages are missing (each is exact given that it hits one), then rank/select.
        for (int tries = missingMass > draws.DrawWhileMissingAbove ? 0 : 32; tries < 32; tries++)
        {
            long p = draws.Next();
            if (missing.Contains(p)) return p;
        }
        return SelectUniform(draws.Rng, missing, FirstPage, FirstPage + Pages);
    }
}

/// <summary>The first <c>hotPages</c> take <c>hotShare</c> of the accesses, the rest share the remainder.</summary>
public sealed class HotspotAccess(long firstPage, long pages, long hotPages, double hotShare) : AccessPattern(firstPage, pages)
{
    private readonly double _share = pages == hotPages ? 1.0 : hotShare;

    /// <inheritdoc/>
    public override double Weight(long page) =>
        !Contains(page) ? 0 : page - FirstPage < hotPages ? _share / hotPages : (1 - _share) / (Pages - hotPages);

    /// <inheritdoc/>
    public override double Mass(int wordIndex, ulong bits)
    {
        long hotEnd = FirstPage + hotPages;
        int hot = System.Numerics.BitOperations.PopCount(bits & PageBitmap.RangeMask(wordIndex, FirstPage, hotEnd));
        int cold = System.Numerics.BitOperations.PopCount(bits & PageBitmap.RangeMask(wordIndex, hotEnd, FirstPage + Pages));
        return hot * (_share / hotPages) + (cold == 0 ? 0 : cold * ((1 - _share) / (Pages - hotPages)));
    }

    /// <inheritdoc/>
    public override long? PickMissing(AccessDraws draws, MissingPages missing, double missingMass)
    {
        // An access by the pattern, kept if it hits a missing page: exact, and quick while many are missing.
        for (int tries = missingMass > draws.DrawWhileMissingAbove ? 0 : 8; tries < 8; tries++)
        {
            long p = draws.Next();
            if (missing.Contains(p)) return p;
        }
        var rng = draws.Rng;
        long hotEnd = FirstPage + hotPages, end = FirstPage + Pages;
        var index = missing.Index;
        long hot = index.Count(FirstPage, hotEnd), cold = index.Count(hotEnd, end);
        double hotMass = hot * (_share / hotPages), coldMass = cold == 0 ? 0 : cold * ((1 - _share) / (Pages - hotPages));
        if (hotMass + coldMass <= 0) return null;
        return rng.NextDouble() * (hotMass + coldMass) < hotMass
            ? PickUniform(rng, missing, FirstPage, hotEnd, (double)hot / hotPages, draws.DrawWhileMissingAbove)
            : PickUniform(rng, missing, hotEnd, end, (double)cold / (Pages - hotPages), draws.DrawWhileMissingAbove);
    }

    /// <inheritdoc/>
    public override long Sample(RandomStream rng) =>
        rng.NextDouble() < _share
            ? FirstPage + (long)rng.NextUInt64((ulong)hotPages)
            : FirstPage + hotPages + (long)rng.NextUInt64((ulong)(Pages - hotPages));
}

/// <summary>Rank k (page FirstPage + k - 1) with probability k^-s / H(W, s).</summary>
public sealed class ZipfAccess(long firstPage, long pages, double exponent, double harmonic) : AccessPattern(firstPage, pages)
{
    private readonly ZipfSampler _sampler = new(exponent, 1, pages);

    /// <inheritdoc/>
    public override double Weight(long page) => Contains(page) ? Math.Pow(page - FirstPage + 1, -exponent) / harmonic : 0;

    /// <inheritdoc/>
    public override long Sample(RandomStream rng) => FirstPage + _sampler.Sample(rng) - 1;
}
