namespace MigrationSim.Kernel;

/// <summary>
/// One independent, reproducible random stream per named source, all derived from one
/// scenario seed. Adding a new source never shifts the draws of an existing one, because a
/// stream depends only on (seed, name), not on creation order.
/// </summary>
public sealed class RandomStreams
{
    /// <summary>The streams of one run, all derived from <paramref name="seed"/>.</summary>
    public RandomStreams(ulong seed) => Seed = seed;

    /// <summary>The run's seed.</summary>
    public ulong Seed { get; }

    /// <summary>A fresh stream for the source <paramref name="name"/>: the same (seed, name) always gives the same sequence, whatever else was asked for.</summary>
    public RandomStream Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        ulong x = Seed ^ Fnv1a(name);
        return new RandomStream(RandomStream.SplitMix64(ref x));
    }

    /// <summary>A child seed, e.g. for replication k of a sweep point.</summary>
    public ulong Derive(string name) { ulong x = Seed ^ Fnv1a(name); return RandomStream.SplitMix64(ref x); }

    // string.GetHashCode is randomised per process; FNV-1a is stable across runs and machines.
    private static ulong Fnv1a(string s)
    {
        ulong h = 0xcbf29ce484222325UL;
        foreach (char c in s)
        {
            h ^= c;
            h *= 0x100000001b3UL;
        }
        return h;
    }
}
