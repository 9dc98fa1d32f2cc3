using MigrationSim.Kernel;
using MigrationSim.Model.Memory;

namespace MigrationSim.Model.Workloads;

/// <summary>
/// A pattern's accesses for postcopy's faults, either drawn as they are needed or, for a guest whose
/// missing-pages bitmap does not fit in the cache, drawn a few ahead. A draw does not depend on what
/// is missing, so drawing it early changes nothing in distribution; what a fault on the page touches
/// (its bitmap word, its index block) is prefetched as it is drawn, so the cache miss (a 1 TiB guest's
/// bitmap is 32 MiB) overlaps with other work instead of stalling the check. Drawing ahead also makes
/// draws cheap enough to keep drawing while fewer pages are missing before rank/select takes over.
/// Small guests keep drawing on demand: their bitmaps are cached, and their runs stay as they were.
/// </summary>
public sealed class AccessDraws
{
    /// <summary>Draws kept ahead: enough to cover a miss's latency at a few hundred nanoseconds a fault.</summary>
    public const int Depth = 16;

    /// <summary>Bitmaps of this many 64-page words or more (4 MiB: a 128 GiB guest) are drawn ahead.</summary>
    public const int AheadFromWords = 1 << 19;

    private readonly MissingPages? _missing;
    private readonly long[] _ahead = [];
    private int _next;

    private AccessDraws(AccessPattern pattern, RandomStream rng, MissingPages? missing, double drawWhileMissingAbove)
    {
        Pattern = pattern;
        Rng = rng;
        _missing = missing;
        DrawWhileMissingAbove = drawWhileMissingAbove;
        if (missing is null) return;
        _ahead = new long[Depth];
        for (int i = 0; i < Depth; i++) _ahead[i] = DrawAhead();
    }

    /// <summary>Accesses drawn from <paramref name="rng"/> as they are needed.</summary>
    public static AccessDraws OnDemand(AccessPattern pattern, RandomStream rng) => new(pattern, rng, null, 0);

    /// <summary>Accesses drawn <see cref="Depth"/> ahead, prefetching what a fault on each would touch in <paramref name="missing"/>.</summary>
    public static AccessDraws Ahead(AccessPattern pattern, RandomStream rng, MissingPages missing) => new(pattern, rng, missing, 0.125);

    /// <summary>Draws for a pattern over <paramref name="missing"/>: ahead when its bitmap has <see cref="AheadFromWords"/> words or more.</summary>
    public static AccessDraws For(AccessPattern pattern, MissingPages missing, RandomStream onDemand, RandomStream ahead) =>
        missing.Bits.WordCount >= AheadFromWords ? Ahead(pattern, ahead, missing) : OnDemand(pattern, onDemand);

    /// <summary>The pattern drawn from.</summary>
    public AccessPattern Pattern { get; }

    /// <summary>The stream the accesses come from, also for choices that depend on what is missing.</summary>
    public RandomStream Rng { get; }

    /// <summary>
    /// Below this share of missing pages a fault's page is picked by rank/select at once: drawing would take
    /// 1 / share draws. 0 on demand (draws are tried first, as they always were); 1/8 when drawn ahead.
    /// </summary>
    public double DrawWhileMissingAbove { get; }

    /// <summary>The page of the next access.</summary>
    public long Next()
    {
        if (_missing is null) return Pattern.Sample(Rng);
        long page = _ahead[_next];
        _ahead[_next] = DrawAhead();
        _next = (_next + 1) & (Depth - 1);
        return page;
    }

    private long DrawAhead()
    {
        long page = Pattern.Sample(Rng);
        _missing!.Prefetch(page);
        return page;
    }
}
