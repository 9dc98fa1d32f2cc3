using MigrationSim.Kernel;

namespace MigrationSim.Kernel.Tests;

public class RandomStreamsTests
{
    [Fact]
    public void Same_seed_and_name_give_the_same_draws()
    {
        var a = new RandomStreams(42).Get("workload");
        var b = new RandomStreams(42).Get("workload");
        for (int i = 0; i < 1000; i++) Assert.Equal(a.NextUInt64(), b.NextUInt64());
    }

    [Fact]
    public void Streams_are_independent_of_creation_order_and_of_each_other()
    {
        var s1 = new RandomStreams(7);
        var first = s1.Get("a");
        var firstDraws = Enumerable.Range(0, 100).Select(_ => first.NextUInt64()).ToList();

        var s2 = new RandomStreams(7);
        var other = s2.Get("b");
        for (int i = 0; i < 50; i++) other.NextUInt64();
        var again = s2.Get("a");
        Assert.Equal(firstDraws, Enumerable.Range(0, 100).Select(_ => again.NextUInt64()));

        var b = new RandomStreams(7).Get("b");
        Assert.NotEqual(firstDraws, Enumerable.Range(0, 100).Select(_ => b.NextUInt64()));
        var otherSeed = new RandomStreams(8).Get("a");
        Assert.NotEqual(firstDraws, Enumerable.Range(0, 100).Select(_ => otherSeed.NextUInt64()));
    }

    [Fact]
    public void Bounded_draws_stay_in_range_and_are_roughly_uniform()
    {
        var rng = new RandomStreams(1).Get("x");
        var counts = new int[10];
        for (int i = 0; i < 100_000; i++)
        {
            ulong v = rng.NextUInt64(10);
            Assert.InRange(v, 0UL, 9UL);
            counts[v]++;
        }
        // chi-square with 9 degrees of freedom; 27.9 is the 0.001 critical value
        double chi = counts.Sum(c => (c - 10_000.0) * (c - 10_000.0) / 10_000.0);
        Assert.True(chi < 27.9, $"chi-square {chi:0.0} too large: {string.Join(",", counts)}");
    }

    [Fact]
    public void Doubles_are_in_the_unit_interval_and_nonzero_variant_never_returns_zero()
    {
        var rng = new RandomStream(3);
        double sum = 0;
        for (int i = 0; i < 100_000; i++)
        {
            double d = rng.NextDouble();
            Assert.InRange(d, 0.0, 0.9999999999999999);
            Assert.True(rng.NextDoubleNonZero() > 0);
            sum += d;
        }
        Assert.InRange(sum / 100_000, 0.49, 0.51);
    }
}
