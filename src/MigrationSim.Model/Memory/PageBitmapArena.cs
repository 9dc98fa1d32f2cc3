namespace MigrationSim.Model.Memory;

/// <summary>
/// The page bitmaps of one run at a time, kept for the next: a sweep worker holds one arena and hands
/// it to each run it simulates (<see cref="Migration.MigrationSimulation.Run(Migration.SimulationInput, PageBitmapArena, CancellationToken)"/>).
/// A 4 GiB guest's bitmaps are 128 KiB each and die with the run; allocated afresh, a 1,000-run sweep
/// allocates 260 MB of them and collects them in dozens of collections that stop every worker.
/// <para>Lifetime: the run opens the arena, takes its bitmaps from it, and closes it once its result is
/// produced (the result holds no bitmap). Closing clears each bitmap it lent (<see cref="PageBitmap.ClearAll"/>:
/// the words written, not the whole array), so a bitmap taken again reads exactly as a new one. One run at a
/// time: opening an arena that is open throws. Not thread-safe otherwise (one per worker thread).</para>
/// <para>Memory: it keeps at most the bitmaps of the last run (a run that needs another length drops
/// the kept ones first), so a worker holds no more than one run needs at its peak.</para>
/// </summary>
public sealed class PageBitmapArena
{
    private readonly List<PageBitmap> _free = [];
    private readonly List<PageBitmap> _lent = [];
    private int _open;

    /// <summary>Bitmaps allocated by this arena since it was made (a new one only when no kept one fits).</summary>
    public int Allocated { get; private set; }

    /// <summary>Bitmaps the open run has taken, or the last run took.</summary>
    public int Lent => _lent.Count;

    /// <summary>Starts a run's use of the arena.</summary>
    /// <exception cref="InvalidOperationException">Another run has it open.</exception>
    internal void Open()
    {
        if (Interlocked.Exchange(ref _open, 1) != 0)
            throw new InvalidOperationException("this arena is in use by another run: give each worker its own");
        // The previous run's bitmaps, cleared at its close, are free again.
        _free.AddRange(_lent);
        _lent.Clear();
    }

    /// <summary>A bitmap of <paramref name="pages"/> clear bits, lent to the open run until <see cref="Close"/>.</summary>
    internal PageBitmap Take(long pages)
    {
        if (Volatile.Read(ref _open) == 0) throw new InvalidOperationException("the arena is not open: a run takes bitmaps between Open and Close");
        int i = _free.FindIndex(b => b.Length == pages);
        PageBitmap bitmap;
        if (i >= 0)
        {
            bitmap = _free[i];
            _free.RemoveAt(i);
        }
        else
        {
            // Another guest size: the kept bitmaps of the old size would only add to this run's peak.
            _free.Clear();
            bitmap = new PageBitmap(pages);
            Allocated++;
        }
        _lent.Add(bitmap);
        return bitmap;
    }

    /// <summary>Ends the run's use: every bitmap it took is cleared for the next run (the run must not touch them again).</summary>
    internal void Close()
    {
        foreach (var b in _lent) b.ClearAll();
        // Bitmaps of the last run's size stay; any other kept one was not needed by it.
        _free.Clear();
        Volatile.Write(ref _open, 0);
    }
}
