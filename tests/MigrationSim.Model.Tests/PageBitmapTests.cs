using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MigrationSim.Model.Memory;

namespace MigrationSim.Model.Tests;

public class PageBitmapTests
{
    /// <summary>Random operations on a bitmap and on a HashSet model must agree on every query.</summary>
    [Property(MaxTest = 1000)]
    public Property Bitmap_agrees_with_a_set_model(PositiveInt size, int[] ops)
    {
        long n = 1 + (long)size.Get * 7919 % 700; // spread over 1..700 pages (up to 11 words) even while FsCheck sizes are small
        var bm = new PageBitmap(n);
        var model = new HashSet<long>();
        var other = new PageBitmap(n);
        var otherModel = new HashSet<long>();
        foreach (int op in ops)
        {
            long a = (long)(uint)op % n;
            long len = Math.Min(n - a, ((long)(uint)op >> 9) % 70);
            switch ((uint)op % 10)
            {
                case 6: bm.SetAll(); for (long i = 0; i < n; i++) model.Add(i); break;
                case 7: bm.ClearAll(); model.Clear(); break;
                case 8:
                    // take the set bits of a's word in a range, as the page scan does
                    {
                        int w = (int)(a >> 6);
                        ulong take = bm.Word(w) & ((ulong)(uint)op * 0x9E3779B97F4A7C15UL);
                        bm.ClearWordBits(w, take);
                        for (int b = 0; b < 64; b++) if ((take >> b & 1) != 0) model.Remove(((long)w << 6) + b);
                    }
                    break;
                case 9:
                    {
                        int w = (int)(a >> 6);
                        ulong bits = (ulong)(uint)op * 0xBF58476D1CE4E5B9UL;
                        long wordEnd = Math.Min(n, ((long)w + 1) << 6);
                        if (wordEnd - ((long)w << 6) < 64) bits &= (1UL << (int)(wordEnd - ((long)w << 6))) - 1;
                        int got = bm.SetWordBits(w, bits);
                        int expected = 0;
                        for (int b = 0; b < 64; b++) if ((bits >> b & 1) != 0 && model.Add(((long)w << 6) + b)) expected++;
                        if (got != expected) return false.Label($"SetWordBits added {got}, expected {expected}");
                    }
                    break;
                case 0: bm.Set(a); model.Add(a); break;
                case 1: bm.Clear(a); model.Remove(a); break;
                case 2: bm.SetRange(a, len); for (long i = a; i < a + len; i++) model.Add(i); break;
                case 3: bm.ClearRange(a, len); for (long i = a; i < a + len; i++) model.Remove(i); break;
                case 4: other.Set(a); otherModel.Add(a); break;
                case 5:
                    long added = bm.MergeAndClear(other);
                    long expectedAdded = otherModel.Count(x => !model.Contains(x));
                    if (added != expectedAdded) return false.Label($"merge added {added}, expected {expectedAdded}");
                    model.UnionWith(otherModel);
                    otherModel.Clear();
                    break;
            }
        }
        bool countOk = bm.Count == model.Count && other.Count == otherModel.Count;
        bool membersOk = Enumerable.Range(0, (int)n).All(i => bm.Get(i) == model.Contains(i));
        var viaNext = new List<long>();
        for (long p = bm.NextSetBit(0); p >= 0; p = bm.NextSetBit(p + 1)) viaNext.Add(p);
        bool nextOk = viaNext.SequenceEqual(model.Order());
        long r0 = n / 3, rl = n / 2;
        bool rangeOk = bm.CountRange(r0, rl) == model.Count(x => x >= r0 && x < r0 + rl);
        bool andOk = bm.CountAnd(other) == model.Count(otherModel.Contains) && bm.CountAndNot(other) == model.Count(x => !otherModel.Contains(x));
        bool wordsOk = Enumerable.Range(0, bm.WordCount).All(w =>
            bm.Word(w) == Enumerable.Range(0, 64).Where(b => model.Contains(((long)w << 6) + b)).Aggregate(0UL, (m, b) => m | 1UL << b));
        return (countOk && membersOk && nextOk && rangeOk && andOk && wordsOk)
            .Label($"count={countOk} members={membersOk} next={nextOk} range={rangeOk} and={andOk} words={wordsOk}");
    }

    [Fact]
    public void SetAll_sets_exactly_the_pages_of_a_partial_last_word()
    {
        var bm = new PageBitmap(70);
        bm.SetAll();
        Assert.Equal(70, bm.Count);
        Assert.Equal(69, Enumerable.Range(0, 70).Last(i => bm.Get(i)));
        Assert.Equal(-1, bm.NextSetBit(70));
    }
}
public class PageBitmapVirtualOnesTests
{
    [Fact]
    public void Clearing_a_page_in_the_middle_of_a_set_all_bitmap_clears_only_it()
    {
        var bm = new PageBitmap(300);
        bm.SetAll();
        Assert.True(bm.Clear(150));
        Assert.False(bm.Get(150));
        Assert.Equal(299, bm.Count);
        Assert.True(bm.Get(149) && bm.Get(151) && bm.Get(0) && bm.Get(299));
        Assert.Equal(151, bm.NextSetBit(150));
    }
}

public class PageIndexTests
{
    [FsCheck.Xunit.Property(MaxTest = 300)]
    public FsCheck.Property Rank_and_select_agree_with_a_scan(FsCheck.PositiveInt size, int[] ops)
    {
        long n = 1 + (long)size.Get * 104_729 % 20_000; // up to 5 blocks of 4096 pages
        var bm = new PageBitmap(n);
        bm.SetAll();
        var index = new PageIndex(bm);
        foreach (int op in ops)
        {
            // clear a few set bits of one word, telling the index, as the page scan does
            int w = (int)((uint)op % (ulong)bm.WordCount);
            ulong take = bm.Word(w) & ((ulong)(uint)op * 0x9E3779B97F4A7C15UL);
            bm.ClearWordBits(w, take);
            index.Changed(w, -System.Numerics.BitOperations.PopCount(take));
        }
        var set = new List<long>();
        for (long p = bm.NextSetBit(0); p >= 0; p = bm.NextSetBit(p + 1)) set.Add(p);
        bool ok = set.Select((p, k) => index.Select(k) == p).All(x => x);
        long a = n / 5, b = n * 3 / 4;
        ok &= index.Count(a, b) == set.Count(p => p >= a && p < b) && index.CountBefore(n) == set.Count;
        return ok.Label($"n={n} set={set.Count}");
    }
}
