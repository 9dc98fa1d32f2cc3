using MigrationSim.Kernel;

namespace MigrationSim.Model.Network;

/// <summary>
/// QEMU's migration rate limit (migration/qemu-file.c with migration.c's BUFFER_DELAY):
/// each 100 ms window may carry max-bandwidth / 10 bytes (XFER_LIMIT_RATIO). At each window's
/// end the bandwidth of that window is measured and feeds the stop rule.
/// </summary>
public sealed class RateLimiter
{
    /// <summary>QEMU's rate-limit window, BUFFER_DELAY: 100 ms.</summary>
    public static readonly SimTime Window = SimTime.FromMilliseconds(100);

    /// <param name="maxBytesPerSecond">max-bandwidth; <see cref="double.PositiveInfinity"/> for no limit.</param>
    /// <param name="flushBytes">The limit sees bytes only in blocks this large (0: each byte as it is queued).</param>
    public RateLimiter(double maxBytesPerSecond, double flushBytes = 0)
    {
        if (!(maxBytesPerSecond > 0)) throw new ArgumentOutOfRangeException(nameof(maxBytesPerSecond), "max-bandwidth must be > 0");
        if (!(flushBytes >= 0) || double.IsPositiveInfinity(flushBytes)) throw new ArgumentOutOfRangeException(nameof(flushBytes), "the flush block must be >= 0 bytes and finite");
        MaxBytesPerSecond = maxBytesPerSecond;
        FlushBytes = flushBytes;
    }

    /// <summary>max-bandwidth, bytes/s (+infinity: no limit).</summary>
    public double MaxBytesPerSecond { get; private set; }

    /// <summary>
    /// Bytes the limit sees at once, 0 for every byte as it is queued (7.2's qemu_put_buffer_async counts
    /// rate_limit_used at once). 10.0 counts qemu_file_transferred in qemu_fflush, which runs when the
    /// QEMUFile's 64 iovec entries are full (a page takes two: its header in the buffer, its data in place),
    /// so the limit lags by up to a block.
    /// </summary>
    public double FlushBytes { get; }

    /// <summary>
    /// Bytes a window carries before the limit stops it: max-bandwidth / 10, or, when the limit sees whole
    /// flushed blocks, the first whole number of blocks past that (migration_rate_exceeded: used &gt; max).
    /// </summary>
    public double WindowLimitBytes
    {
        get
        {
            double max = MaxBytesPerSecond * Window.Seconds;
            return FlushBytes > 0 && !double.IsPositiveInfinity(max) ? (Math.Floor(max / FlushBytes) + 1) * FlushBytes : max;
        }
    }

    /// <summary>Bytes the current window may still carry.</summary>
    public double WindowBudgetBytes => Math.Max(0, WindowLimitBytes - SentInWindowBytes);

    /// <summary>The window's budget is spent: the migration thread sleeps until it ends.</summary>
    public bool IsExhausted => WindowBudgetBytes <= 0;

    /// <summary>Bytes sent (through any channel) since the window began.</summary>
    public double SentInWindowBytes { get; private set; }

    /// <summary>When the current window began.</summary>
    public SimTime WindowStart { get; private set; }

    /// <summary>When the current window ends (<see cref="WindowStart"/> + <see cref="Window"/>): the budget resets there.</summary>
    public SimTime WindowEnd => WindowStart + Window;

    /// <summary>Counts <paramref name="bytes"/> sent in the current window.</summary>
    public void Consume(double bytes) => SentInWindowBytes += bytes;

    /// <summary>Ends the window at <paramref name="now"/>: returns its measured bandwidth (bytes/s) and opens the next.</summary>
    public double CloseWindow(SimTime now)
    {
        double elapsed = (now - WindowStart).Seconds;
        double bandwidth = elapsed > 0 ? SentInWindowBytes / elapsed : 0;
        WindowStart = now;
        SentInWindowBytes = 0;
        return bandwidth;
    }

    /// <summary>Starts counting from <paramref name="now"/> (end of migration setup).</summary>
    public void Start(SimTime now)
    {
        WindowStart = now;
        SentInWindowBytes = 0;
    }

    /// <summary>
    /// Mean wait, seconds, until the window resets, for a moment drawn uniformly in a window whose budget
    /// a stream at <paramref name="linkBytesPerSecond"/> spends first and then sleeps:
    /// (W - W limit / link)^2 / 2W. What a postcopy request costs on average while qemu_savevm_state_iterate
    /// serves nothing in a spent window; 0 without a limit or when the link cannot spend the budget.
    /// </summary>
    public static double MeanWaitForResetSeconds(double limitBytesPerSecond, double linkBytesPerSecond)
    {
        if (!(limitBytesPerSecond < linkBytesPerSecond)) return 0;
        double w = Window.Seconds, spentAt = w * limitBytesPerSecond / linkBytesPerSecond;
        return (w - spentAt) * (w - spentAt) / (2 * w);
    }

    /// <summary>A new limit (e.g. postcopy's max-postcopy-bandwidth) from the next byte on.</summary>
    public void SetLimit(double maxBytesPerSecond)
    {
        if (!(maxBytesPerSecond > 0)) throw new ArgumentOutOfRangeException(nameof(maxBytesPerSecond));
        MaxBytesPerSecond = maxBytesPerSecond;
    }
}
