using System.Numerics;

namespace MigrationSim.Model.Memory;

/// <summary>
/// Rank and select over a <see cref="PageBitmap"/>: the number of set pages in a range, and the
/// k-th set page, without scanning the bitmap. Counts are kept at three levels (512, 32 Ki and
/// 2 Mi pages), so a change costs three increments and a query walks at most 64 entries a level
/// (sequential memory, a few hundred nanoseconds at 1 TiB). Whoever clears or sets bits reports
/// the change per word (<see cref="Changed"/>). Postcopy uses it on the pages the destination still
/// misses, so a fault picks its page among them directly, however few are left.
/// </summary>
public sealed class PageIndex
{
    private const int Fan = 64;          // entries of a level per entry of the level above
    private const int WordsPerBlock = 8; // 512 pages: a select scans one cache line of the bitmap
    private readonly PageBitmap _bits;
    private readonly int[] _blocks;      // set pages per 8 words
    private readonly int[] _groups;      // per 64 blocks
    private readonly long[] _regions;    // per 64 groups

    /// <summary>Builds the counts over <paramref name="bits"/>; the owner keeps them current as bits change.</summary>
    public PageIndex(PageBitmap bits)
    {
        _bits = bits;
        _blocks = new int[(bits.WordCount + WordsPerBlock - 1) / WordsPerBlock];
        _groups = new int[(_blocks.Length + Fan - 1) / Fan];
        _regions = new long[(_groups.Length + Fan - 1) / Fan];
        for (int w = 0; w < bits.WordCount; w++)
            if (bits.Word(w) is var x and not 0) Changed(w, BitOperations.PopCount(x));
    }

    /// <summary>Word <paramref name="wordIndex"/> gained (positive) or lost (negative) <paramref name="delta"/> set pages.</summary>
    public void Changed(int wordIndex, int delta)
    {
        int b = wordIndex / WordsPerBlock;
        _blocks[b] += delta;
        _groups[b / Fan] += delta;
        _regions[b / (Fan * Fan)] += delta;
    }

    /// <summary>Asks the CPU for the block count of <paramref name="page"/>, which a change there will update (see <see cref="PageBitmap.Prefetch"/>).</summary>
    public void Prefetch(long page) => CachePrefetch.Element(_blocks, (page >> 6) / WordsPerBlock);

    /// <summary>Set pages in [0, <paramref name="page"/>).</summary>
    public long CountBefore(long page)
    {
        if (page <= 0) return 0;
        if (page >= _bits.Length) return _bits.Count;
        int word = (int)(page >> 6);
        int block = word / WordsPerBlock, group = block / Fan, region = group / Fan;
        long n = 0;
        for (int r = 0; r < region; r++) n += _regions[r];
        for (int g = region * Fan; g < group; g++) n += _groups[g];
        for (int b = group * Fan; b < block; b++) n += _blocks[b];
        for (int w = block * WordsPerBlock; w < word; w++) n += BitOperations.PopCount(_bits.Word(w));
        return n + BitOperations.PopCount(_bits.Word(word) & ((1UL << (int)(page & 63)) - 1));
    }

    /// <summary>Set pages in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public long Count(long from, long to) => to <= from ? 0 : CountBefore(to) - CountBefore(from);

    /// <summary>The page of the set page with rank <paramref name="k"/> (0-based) over the whole bitmap.</summary>
    public long Select(long k)
    {
        if (k < 0 || k >= _bits.Count) throw new ArgumentOutOfRangeException(nameof(k), $"rank {k} of {_bits.Count} set pages");
        int r = 0;
        while (k >= _regions[r]) k -= _regions[r++];
        int g = r * Fan;
        while (k >= _groups[g]) k -= _groups[g++];
        int b = g * Fan;
        while (k >= _blocks[b]) k -= _blocks[b++];
        for (int w = b * WordsPerBlock; ; w++)
        {
            ulong bits = _bits.Word(w);
            int c = BitOperations.PopCount(bits);
            if (k < c)
            {
                for (; k > 0; k--) bits &= bits - 1;
                return ((long)w << 6) + BitOperations.TrailingZeroCount(bits);
            }
            k -= c;
        }
    }
}
