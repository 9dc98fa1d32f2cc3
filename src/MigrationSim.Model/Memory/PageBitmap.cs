using System.Runtime.CompilerServices;
using System.Numerics;

namespace MigrationSim.Model.Memory;

/// <summary>
/// One bit per guest page, packed 64 to a word, with a maintained population count.
/// A 1 TiB guest of 4 KiB pages needs 32 MiB per bitmap, so memory is touched only where it must:
/// <list type="bullet">
/// <item><see cref="SetAll"/> sets the bits virtually: a range of words reads as all ones without
/// being written; a word leaves the range (and is written) only when a bit in it is cleared, which
/// the page scan does from the range's low end (a bulk pass costs no page faults for the bitmap).</item>
/// <item>Words above the highest one ever written read as zero without being touched.</item>
/// </list>
/// </summary>
public sealed class PageBitmap
{
    private readonly ulong[] _words;
    private readonly ulong _tailMask;
    private int _onesFrom; // words in [_onesFrom, _onesTo) read as all ones
    private int _onesTo;
    private int _high;     // words at or above it were never written (physically zero)

    /// <summary>A bitmap of <paramref name="pages"/> clear bits.</summary>
    public PageBitmap(long pages)
    {
        if (pages < 0) throw new ArgumentOutOfRangeException(nameof(pages));
        Length = pages;
        _words = new ulong[(pages + 63) / 64];
        HugePages.Advise(_words);
        int tail = (int)(pages & 63);
        _tailMask = tail == 0 ? ulong.MaxValue : (1UL << tail) - 1;
    }

    /// <summary>Number of pages (bits).</summary>
    public long Length { get; }

    /// <summary>The bits of word <paramref name="wordIndex"/> that fall in pages [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public static ulong RangeMask(int wordIndex, long from, long to)
    {
        long lo = Math.Max(from - ((long)wordIndex << 6), 0), hi = Math.Min(to - ((long)wordIndex << 6), 64);
        if (hi <= lo) return 0;
        ulong upper = hi >= 64 ? ulong.MaxValue : (1UL << (int)hi) - 1;
        return upper & (ulong.MaxValue << (int)lo);
    }

    /// <summary>Number of set bits.</summary>
    public long Count { get; private set; }

    /// <summary>64-page words (the last may be partial).</summary>
    public int WordCount => _words.Length;

    /// <summary>The 64 bits of word <paramref name="wordIndex"/> (pages 64 x index to 64 x index + 63).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Word(int wordIndex)
    {
        if (wordIndex >= _onesFrom && wordIndex < _onesTo) return Full(wordIndex);
        return wordIndex >= _high ? 0 : _words[wordIndex];
    }

    /// <summary>Whether the bit of <paramref name="page"/> is set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Get(long page) => (Word((int)(page >> 6)) & (1UL << (int)(page & 63))) != 0;

    /// <summary>
    /// Asks the CPU to bring the word of <paramref name="page"/> into the cache without waiting for it:
    /// a random probe of a bitmap larger than the cache then costs no stall when it comes.
    /// </summary>
    public void Prefetch(long page) => CachePrefetch.Element(_words, page >> 6);

    /// <summary>Sets the bit; returns true if it was clear.</summary>
    public bool Set(long page) => SetWordBits((int)(page >> 6), 1UL << (int)(page & 63)) == 1;

    /// <summary>Clears the bit; returns true if it was set.</summary>
    public bool Clear(long page)
    {
        int wi = (int)(page >> 6);
        ulong m = 1UL << (int)(page & 63);
        if ((Word(wi) & m) == 0) return false;
        ClearWordBits(wi, m);
        return true;
    }

    /// <summary>Sets bits [start, start + count).</summary>
    public void SetRange(long start, long count) => ApplyRange(start, count, set: true);

    /// <summary>Clears bits [start, start + count).</summary>
    public void ClearRange(long start, long count) => ApplyRange(start, count, set: false);

    /// <summary>Every bit set, without writing the words (see the type's remarks).</summary>
    public void SetAll()
    {
        _onesFrom = 0;
        _onesTo = _words.Length;
        Count = Length;
    }

    /// <summary>Every bit clear; O(words written since the last clear).</summary>
    public void ClearAll()
    {
        Array.Clear(_words, 0, _high);
        _high = 0;
        _onesFrom = _onesTo = 0;
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
            n += BitOperations.PopCount(Word(wi) & MaskBits(lo, hi));
            p += hi - lo;
        }
        return n;
    }

    /// <summary>Number of pages set in both this bitmap and <paramref name="other"/>.</summary>
    public long CountAnd(PageBitmap other)
    {
        if (other.Length != Length) throw new ArgumentException("bitmaps differ in length", nameof(other));
        long n = 0;
        for (int i = 0; i < _words.Length; i++) n += BitOperations.PopCount(Word(i) & other.Word(i));
        return n;
    }

    /// <summary>Runs of consecutive set pages (a run may span words): what a discard of these pages sends as ranges.</summary>
    public long CountRuns()
    {
        long runs = 0;
        ulong carry = 0; // 1 when the previous word's last page was set
        for (int i = 0; i < _words.Length; i++)
        {
            ulong w = Word(i);
            runs += BitOperations.PopCount(w & ~((w << 1) | carry));
            carry = w >> 63;
        }
        return runs;
    }

    /// <summary>Number of pages set here and clear in <paramref name="other"/>.</summary>
    public long CountAndNot(PageBitmap other)
    {
        if (other.Length != Length) throw new ArgumentException("bitmaps differ in length", nameof(other));
        long n = 0;
        for (int i = 0; i < _words.Length; i++) n += BitOperations.PopCount(Word(i) & ~other.Word(i));
        return n;
    }

    /// <summary>ORs <paramref name="source"/> into this bitmap and clears it. Returns the newly set bits.</summary>
    public long MergeAndClear(PageBitmap source)
    {
        if (source.Length != Length) throw new ArgumentException("bitmaps differ in length", nameof(source));
        long added = 0;
        int limit = Math.Max(source._high, source._onesTo);
        for (int i = 0; i < limit; i++)
        {
            ulong s = source.Word(i);
            if (s != 0) added += SetWordBits(i, s);
        }
        source.ClearAll();
        return added;
    }

    /// <summary>Clears the given bits of word <paramref name="wordIndex"/> (all of which must be set).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void ClearWordBits(int wordIndex, ulong bits)
    {
        if (bits == 0) return;
        if (wordIndex >= _onesFrom && wordIndex < _onesTo)
        {
            ulong full = Full(wordIndex);
            if (wordIndex == _onesFrom) _onesFrom++;
            else if (wordIndex == _onesTo - 1) _onesTo--;
            else MaterialiseOnes();
            Store(wordIndex, full & ~bits);
        }
        else
            _words[wordIndex] &= ~bits;
        Count -= BitOperations.PopCount(bits);
    }

    /// <summary>Sets the given bits of word <paramref name="wordIndex"/>; returns how many were newly set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int SetWordBits(int wordIndex, ulong bits)
    {
        if (bits == 0 || (wordIndex >= _onesFrom && wordIndex < _onesTo)) return 0;
        ulong old = wordIndex >= _high ? 0 : _words[wordIndex];
        int added = BitOperations.PopCount(bits & ~old);
        if (added == 0) return 0;
        Store(wordIndex, old | bits);
        Count += added;
        return added;
    }

    /// <summary>Index of the first set bit at or after <paramref name="from"/>, or -1.</summary>
    public long NextSetBit(long from)
    {
        if (from >= Length || from < 0) return from < 0 ? NextSetBit(0) : -1;
        int wi = (int)(from >> 6);
        ulong w = Word(wi) & (ulong.MaxValue << (int)(from & 63));
        int limit = Math.Max(_high, _onesTo);
        while (true)
        {
            if (w != 0) return ((long)wi << 6) + BitOperations.TrailingZeroCount(w);
            if (++wi >= limit) return -1;
            w = Word(wi);
        }
    }

    internal static ulong MaskBits(int lo, int hi) =>
        (hi >= 64 ? ulong.MaxValue : (1UL << hi) - 1) & (ulong.MaxValue << lo);

    private ulong Full(int wordIndex) => wordIndex == _words.Length - 1 ? _tailMask : ulong.MaxValue;

    private void Store(int wordIndex, ulong value)
    {
        if (wordIndex >= _high)
        {
            if (value == 0) return;
            // Words between the old mark and this one may hold stale bits from before a ClearAll that skipped them: they do not (ClearAll clears below the mark), so they are zero.
            _high = wordIndex + 1;
        }
        _words[wordIndex] = value;
    }

    /// <summary>Writes the virtual ones out (a bit in the middle of the range is being cleared: rare).</summary>
    private void MaterialiseOnes()
    {
        for (int i = _onesFrom; i < _onesTo; i++) _words[i] = Full(i);
        _high = Math.Max(_high, _onesTo);
        _onesFrom = _onesTo = 0;
    }

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
            else ClearWordBits(wi, Word(wi) & mask);
            p += hi - lo;
        }
    }
}
