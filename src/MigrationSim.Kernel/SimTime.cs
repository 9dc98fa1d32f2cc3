using System.Globalization;

namespace MigrationSim.Kernel;

/// <summary>
/// A point on (or a span of) the simulated clock, as an integer count of nanoseconds.
/// Integer time keeps event order exact: two events scheduled for the same instant compare
/// equal, never "almost equal".
/// </summary>
public readonly record struct SimTime(long Nanoseconds) : IComparable<SimTime>
{
    public const long NanosecondsPerMicrosecond = 1_000;
    public const long NanosecondsPerMillisecond = 1_000_000;
    public const long NanosecondsPerSecond = 1_000_000_000;

    public static readonly SimTime Zero = new(0);
    public static readonly SimTime MaxValue = new(long.MaxValue);

    public double Seconds => Nanoseconds / (double)NanosecondsPerSecond;
    public double Milliseconds => Nanoseconds / (double)NanosecondsPerMillisecond;

    public static SimTime FromSeconds(double seconds) => new(checked((long)Math.Round(seconds * NanosecondsPerSecond)));
    public static SimTime FromMilliseconds(double ms) => new(checked((long)Math.Round(ms * NanosecondsPerMillisecond)));
    public static SimTime FromMicroseconds(double us) => new(checked((long)Math.Round(us * NanosecondsPerMicrosecond)));

    public static SimTime operator +(SimTime a, SimTime b) => new(checked(a.Nanoseconds + b.Nanoseconds));
    public static SimTime operator -(SimTime a, SimTime b) => new(checked(a.Nanoseconds - b.Nanoseconds));
    public static bool operator <(SimTime a, SimTime b) => a.Nanoseconds < b.Nanoseconds;
    public static bool operator >(SimTime a, SimTime b) => a.Nanoseconds > b.Nanoseconds;
    public static bool operator <=(SimTime a, SimTime b) => a.Nanoseconds <= b.Nanoseconds;
    public static bool operator >=(SimTime a, SimTime b) => a.Nanoseconds >= b.Nanoseconds;

    public static SimTime Min(SimTime a, SimTime b) => a <= b ? a : b;
    public static SimTime Max(SimTime a, SimTime b) => a >= b ? a : b;

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
