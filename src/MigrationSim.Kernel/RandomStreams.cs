namespace MigrationSim.Kernel;

/// <summary>
/// One independent, reproducible random stream per named source, all derived from one
/// scenario seed. Adding a new source never shifts the draws of an existing one, because a
/// stream depends only on (seed, name), not on creation order.
/// </summary>
public sealed class RandomStreams
{
    public RandomStreams(ulong seed) => Seed = seed;

    public ulong Seed { get; }

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
