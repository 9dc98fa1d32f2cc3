using System.Numerics;

namespace MigrationSim.Model.Memory;

/// <summary>
/// One bit per guest page, packed 64 to a word, with a maintained population count.
/// A 1 TiB guest of 4 KiB pages needs 32 MiB per bitmap.
/// </summary>
public sealed class PageBitmap
{
    private readonly ulong[] _words;

    public PageBitmap(long pages)
    {
        if (pages < 0) throw new ArgumentOutOfRangeException(nameof(pages));
        Length = pages;
        _words = new ulong[(pages + 63) / 64];
    }

    /// <summary>Number of pages (bits).</summary>
    public long Length { get; }

    /// <summary>Number of set bits.</summary>
    public long Count { get; private set; }

    public int WordCount => _words.Length;

    internal ulong[] Words => _words;

    public bool Get(long page) => (_words[page >> 6] & (1UL << (int)(page & 63))) != 0;

    /// <summary>Sets the bit; returns true if it was clear.</summary>
    public bool Set(long page)
    {
        ref ulong w = ref _words[page >> 6];
        ulong m = 1UL << (int)(page & 63);
        if ((w & m) != 0) return false;
        w |= m;
        Count++;
        return true;
    }

    /// <summary>Clears the bit; returns true if it was set.</summary>
    public bool Clear(long page)
    {
        ref ulong w = ref _words[page >> 6];
        ulong m = 1UL << (int)(page & 63);
        if ((w & m) == 0) return false;
        w &= ~m;
        Count--;
        return true;
    }

    public void SetRange(long start, long count) => ApplyRange(start, count, set: true);

    public void ClearRange(long start, long count) => ApplyRange(start, count, set: false);

    public void SetAll()
    {
        Array.Fill(_words, ulong.MaxValue);
        int tail = (int)(Length & 63);
        if (tail != 0) _words[^1] = (1UL << tail) - 1;
        Count = Length;
    }

    public void ClearAll()
    {
        Array.Clear(_words);
        Count = 0;
    }

    /// <summary>Count of set bits in [start, start+count).</summary>
    public long CountRange(long start, long count)
    {
        long n = 0;
        long end = start + count;
        for (long p = start; p < end;)
        {
            int wi = (int)(p >> 6);
            int lo = (int)(p & 63);
            int hi = (int)Math.Min(64, lo + (end - p));
            ulong mask = MaskBits(lo, hi);
            n += BitOperations.PopCount(_words[wi] & mask);
            p += hi - lo;
        }
        return n;
    }

    /// <summary>Number of pages set in both this bitmap and <paramref name="other"/>.</summary>
    public long CountAnd(PageBitmap other)
    {
        if (other.Length != Length) throw new ArgumentException("bitmaps differ in length", nameof(other));
        long n = 0;
        ulong[] o = other._words;
        for (int i = 0; i < _words.Length; i++) n += BitOperations.PopCount(_words[i] & o[i]);
        return n;
    }

    /// <summary>ORs <paramref name="source"/> into this bitmap and clears it. Returns the newly set bits.</summary>
    public long MergeAndClear(PageBitmap source)
    {
        if (source.Length != Length) throw new ArgumentException("bitmaps differ in length", nameof(source));
        long added = 0;
        ulong[] src = source._words;
        for (int i = 0; i < _words.Length; i++)
        {
            ulong s = src[i];
            if (s == 0) continue;
            added += BitOperations.PopCount(s & ~_words[i]);
            _words[i] |= s;
            src[i] = 0;
        }
        Count += added;
        source.Count = 0;
        return added;
    }

    /// <summary>Clears the given bits of word <paramref name="wordIndex"/> (all of which must be set).</summary>
    internal void ClearWordBits(int wordIndex, ulong bits)
    {
        _words[wordIndex] &= ~bits;
        Count -= BitOperations.PopCount(bits);
    }

    /// <summary>Sets the given bits of word <paramref name="wordIndex"/>; returns how many were newly set.</summary>
    internal int SetWordBits(int wordIndex, ulong bits)
    {
        int added = BitOperations.PopCount(bits & ~_words[wordIndex]);
        _words[wordIndex] |= bits;
        Count += added;
        return added;
    }

    /// <summary>Index of the first set bit at or after <paramref name="from"/>, or -1.</summary>
    public long NextSetBit(long from)
    {
        if (from >= Length) return -1;
        int wi = (int)(from >> 6);
        ulong w = _words[wi] & (ulong.MaxValue << (int)(from & 63));
        while (true)
        {
            if (w != 0) return ((long)wi << 6) + BitOperations.TrailingZeroCount(w);
            if (++wi >= _words.Length) return -1;
            w = _words[wi];
        }
    }

    internal static ulong MaskBits(int lo, int hi) =>
        (hi >= 64 ? ulong.MaxValue : (1UL << hi) - 1) & (ulong.MaxValue << lo);

    private void ApplyRange(long start, long count, bool set)
    {
        if (start < 0 || count < 0 || start + count > Length)
            throw new ArgumentOutOfRangeException(nameof(start), $"range [{start}, {start + count}) outside [0, {Length})");
        long end = start + count;
        for (long p = start; p < end;)
        {
            int wi = (int)(p >> 6);
            int lo = (int)(p & 63);
            int hi = (int)Math.Min(64, lo + (end - p));
            ulong mask = MaskBits(lo, hi);
            if (set) SetWordBits(wi, mask);
            else ClearWordBits(wi, _words[wi] & mask);
            p += hi - lo;
        }
    }
}
