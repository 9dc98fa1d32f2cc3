using System.Runtime.CompilerServices;
using System.Numerics;

namespace MigrationSim.Kernel;

/// <summary>
/// xoshiro256** (Blackman and Vigna), seeded through SplitMix64. Derives from
/// <see cref="Random"/> so that libraries taking a <see cref="Random"/> (Math.NET
/// distributions) draw from the same deterministic stream. Not thread-safe: one stream per
/// source, used by one thread (<see cref="RandomStreams"/> hands them out).
/// </summary>
public sealed class RandomStream : Random
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>A stream whose whole sequence is fixed by <paramref name="seed"/> (any value, 0 included).</summary>
    public RandomStream(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>A stream in a given state (known-answer tests against the reference implementation).</summary>
    internal static RandomStream FromState(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        var r = new RandomStream(0);
        r._s0 = s0;
        r._s1 = s1;
        r._s2 = s2;
        r._s3 = s3;
        return r;
    }

    /// <summary>The next 64 uniformly random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public override double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in (0, 1]: safe to take the logarithm of.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDoubleNonZero() => ((NextUInt64() >> 11) + 1) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, bound) without modulo bias (Lemire's method).</summary>
    public ulong NextUInt64(ulong bound)
    {
        if (bound == 0) throw new ArgumentOutOfRangeException(nameof(bound));
        ulong x = NextUInt64();
        UInt128 m = (UInt128)x * bound;
        ulong low = (ulong)m;
        if (low < bound)
        {
            ulong threshold = (0 - bound) % bound;
            while (low < threshold)
            {
                x = NextUInt64();
                m = (UInt128)x * bound;
                low = (ulong)m;
            }
        }
        return (ulong)(m >> 64);
    }

    /// <inheritdoc/>
    protected override double Sample() => NextDouble();

    /// <inheritdoc/>
    public override int Next() => (int)(NextUInt64() >> 33);

    /// <inheritdoc/>
    public override int Next(int maxValue) => maxValue <= 0 ? (maxValue == 0 ? 0 : throw new ArgumentOutOfRangeException(nameof(maxValue))) : (int)NextUInt64((ulong)maxValue);
    /// <inheritdoc/>
    public override int Next(int minValue, int maxValue)
    {
        if (minValue > maxValue) throw new ArgumentOutOfRangeException(nameof(minValue));
        return minValue == maxValue ? minValue : (int)((long)minValue + (long)NextUInt64((ulong)((long)maxValue - minValue)));
    }
    /// <inheritdoc/>
    public override long NextInt64() => (long)(NextUInt64() >> 1);

    /// <inheritdoc/>
    public override void NextBytes(byte[] buffer) => NextBytes(buffer.AsSpan());

    /// <inheritdoc/>
    public override void NextBytes(Span<byte> buffer)
    {
        for (int i = 0; i < buffer.Length; i++)
            buffer[i] = (byte)NextUInt64();
    }

    internal static ulong SplitMix64(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
