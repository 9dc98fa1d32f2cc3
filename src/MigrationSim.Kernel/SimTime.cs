using System.Globalization;

namespace MigrationSim.Kernel;

/// <summary>
/// A point on (or a span of) the simulated clock, as an integer count of nanoseconds.
/// Integer time keeps event order exact: two events scheduled for the same instant compare
/// equal, never "almost equal".
/// </summary>
/// <param name="Nanoseconds">Nanoseconds since the start of the clock (or the length of a span); may be negative for a span.</param>
public readonly record struct SimTime(long Nanoseconds) : IComparable<SimTime>
{
    /// <summary>Nanoseconds in a microsecond (1 000).</summary>
    public const long NanosecondsPerMicrosecond = 1_000;

    /// <summary>Nanoseconds in a millisecond (1 000 000).</summary>
    public const long NanosecondsPerMillisecond = 1_000_000;

    /// <summary>Nanoseconds in a second (10^9).</summary>
    public const long NanosecondsPerSecond = 1_000_000_000;

    /// <summary>The start of the clock (and a zero span).</summary>
    public static readonly SimTime Zero = new(0);

    /// <summary>The largest representable time (about 292 years): "never".</summary>
    public static readonly SimTime MaxValue = new(long.MaxValue);

    /// <summary>This time in seconds (exact up to about 104 days; beyond that a double loses nanoseconds).</summary>
    public double Seconds => Nanoseconds / (double)NanosecondsPerSecond;

    /// <summary>This time in milliseconds.</summary>
    public double Milliseconds => Nanoseconds / (double)NanosecondsPerMillisecond;

    /// <summary>The time nearest to <paramref name="seconds"/> seconds; throws <see cref="OverflowException"/> beyond ±292 years.</summary>
    public static SimTime FromSeconds(double seconds) => new(checked((long)Math.Round(seconds * NanosecondsPerSecond)));

    /// <summary>The time nearest to <paramref name="ms"/> milliseconds.</summary>
    public static SimTime FromMilliseconds(double ms) => new(checked((long)Math.Round(ms * NanosecondsPerMillisecond)));

    /// <summary>The time nearest to <paramref name="us"/> microseconds.</summary>
    public static SimTime FromMicroseconds(double us) => new(checked((long)Math.Round(us * NanosecondsPerMicrosecond)));

    /// <summary>Sum; throws <see cref="OverflowException"/> rather than wrapping around.</summary>
    public static SimTime operator +(SimTime a, SimTime b) => new(checked(a.Nanoseconds + b.Nanoseconds));

    /// <summary>Difference (a span, may be negative); throws <see cref="OverflowException"/> rather than wrapping around.</summary>
    public static SimTime operator -(SimTime a, SimTime b) => new(checked(a.Nanoseconds - b.Nanoseconds));

    /// <summary>Earlier than.</summary>
    public static bool operator <(SimTime a, SimTime b) => a.Nanoseconds < b.Nanoseconds;

    /// <summary>Later than.</summary>
    public static bool operator >(SimTime a, SimTime b) => a.Nanoseconds > b.Nanoseconds;

    /// <summary>Not later than.</summary>
    public static bool operator <=(SimTime a, SimTime b) => a.Nanoseconds <= b.Nanoseconds;

    /// <summary>Not earlier than.</summary>
    public static bool operator >=(SimTime a, SimTime b) => a.Nanoseconds >= b.Nanoseconds;

    /// <summary>The earlier of two times.</summary>
    public static SimTime Min(SimTime a, SimTime b) => a <= b ? a : b;

    /// <summary>The later of two times.</summary>
    public static SimTime Max(SimTime a, SimTime b) => a >= b ? a : b;

    /// <summary>Orders by <see cref="Nanoseconds"/>.</summary>
    public int CompareTo(SimTime other) => Nanoseconds.CompareTo(other.Nanoseconds);

    /// <summary>Human-readable, with a unit chosen for the magnitude ("312 ms", "4.20 s").</summary>
    public override string ToString()
    {
        long ns = Math.Abs(Nanoseconds);
        var c = CultureInfo.InvariantCulture;
        if (ns >= 100 * NanosecondsPerSecond) return (Seconds).ToString("0.0", c) + " s";
        if (ns >= NanosecondsPerSecond) return Seconds.ToString("0.000", c) + " s";
        if (ns >= NanosecondsPerMillisecond) return Milliseconds.ToString("0.###", c) + " ms";
        if (ns >= NanosecondsPerMicrosecond) return (Nanoseconds / 1000.0).ToString("0.###", c) + " us";
        return Nanoseconds.ToString(c) + " ns";
    }
}
