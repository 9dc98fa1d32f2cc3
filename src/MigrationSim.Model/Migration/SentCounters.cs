namespace MigrationSim.Model.Migration;

/// <summary>The byte and page counters query-migrate reports, at one instant. Bytes and pages.</summary>
internal readonly record struct SentCounters(long Transferred, long Normal, long Duplicate, long Remaining, long Precopy, long Downtime, long Postcopy)
{
    /// <summary>The counters a fraction <paramref name="f"/> of the way from <paramref name="a"/> to <paramref name="b"/> (data in flight is sent at a steady rate).</summary>
    public static SentCounters Lerp(in SentCounters a, in SentCounters b, double f)
    {
        static long L(long x, long y, double f) => x + (long)Math.Round((y - x) * f);
        return new(L(a.Transferred, b.Transferred, f), L(a.Normal, b.Normal, f), L(a.Duplicate, b.Duplicate, f), L(a.Remaining, b.Remaining, f),
            L(a.Precopy, b.Precopy, f), L(a.Downtime, b.Downtime, f), L(a.Postcopy, b.Postcopy, f));
    }
}
