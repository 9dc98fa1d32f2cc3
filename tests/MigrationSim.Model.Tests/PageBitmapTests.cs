using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MigrationSim.Model.Memory;

namespace MigrationSim.Model.Tests;

public class PageBitmapTests
{
    /// <summary>Random operations on a bitmap and on a HashSet model must agree on every query.</summary>
    [Property(MaxTest = 300)]
    public Property Bitmap_agrees_with_a_set_model(PositiveInt size, int[] ops)
    {
        long n = 1 + size.Get % 300;
        var bm = new PageBitmap(n);
        var model = new HashSet<long>();
        var other = new PageBitmap(n);
        var otherModel = new HashSet<long>();
        foreach (int op in ops)
        {
            long a = (long)(uint)op % n;
            long len = Math.Min(n - a, ((long)(uint)op >> 9) % 70);
            switch ((uint)op % 6)
            {
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
        return (countOk && membersOk && nextOk && rangeOk).Label($"count={countOk} members={membersOk} next={nextOk} range={rangeOk}");
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
