namespace MigrationSim.Model.Memory;

/// <summary>
/// The guest's RAM as QEMU's migration code sees it, one bit per page in four bitmaps:
/// <list type="bullet">
/// <item><see cref="ToSend"/>: QEMU's migration bitmap (rb->bmap): pages still to send in the current pass.</item>
/// <item><see cref="DirtyLog"/>: pages written since the last bitmap sync (KVM/TCG dirty log);
/// merged into <see cref="ToSend"/> only at a sync, as QEMU does.</item>
/// <item><see cref="Zero"/>: pages whose content is all zeros (never written); sent as a header only.</item>
/// <item><see cref="Received"/>: pages the destination holds (in some version).</item>
/// </list>
/// With auditing on, a version number per page on each side proves that every page ends on
/// the destination in its latest version (tests only: it costs 8 bytes per page).
/// </summary>
public sealed class GuestMemory : IPageWriter
{
    private int[]? _sourceVersion;
    private int[]? _destinationVersion;

    public GuestMemory(long pages, int pageSizeBytes, bool audit = false)
    {
        if (pages <= 0) throw new ArgumentOutOfRangeException(nameof(pages), "a guest needs at least one page");
        if (pageSizeBytes <= 0) throw new ArgumentOutOfRangeException(nameof(pageSizeBytes));
        Pages = pages;
        PageSizeBytes = pageSizeBytes;
        ToSend = new PageBitmap(pages);
        DirtyLog = new PageBitmap(pages);
        Zero = new PageBitmap(pages);
        Received = new PageBitmap(pages);
        Zero.SetAll();
        if (audit)
        {
            if (pages > int.MaxValue) throw new ArgumentOutOfRangeException(nameof(audit), "auditing is for small guests");
            _sourceVersion = new int[pages];
            _destinationVersion = new int[pages];
        }
    }

    public long Pages { get; }
    public int PageSizeBytes { get; }
    public long SizeBytes => Pages * PageSizeBytes;

    public PageBitmap ToSend { get; }
    public PageBitmap DirtyLog { get; }
    public PageBitmap Zero { get; }
    public PageBitmap Received { get; }

    public bool IsAudited => _sourceVersion is not null;

    /// <summary>Gives pages non-zero content without dirtying them (state before migration starts).</summary>
    public void Populate(long start, long count)
    {
        Zero.ClearRange(start, count);
        if (_sourceVersion is not null)
            for (long p = start; p < start + count; p++) _sourceVersion[p] = 1;
    }

    public void Write(long page)
    {
        DirtyLog.Set(page);
        Zero.Clear(page);
        if (_sourceVersion is not null) _sourceVersion[page]++;
    }

    public void WriteRange(long start, long count)
    {
        DirtyLog.SetRange(start, count);
        Zero.ClearRange(start, count);
        if (_sourceVersion is not null)
            for (long p = start; p < start + count; p++) _sourceVersion[p]++;
    }

    /// <summary>Records that the destination now holds the current version of each page in <paramref name="bits"/> of word <paramref name="wordIndex"/>.</summary>
    internal void MarkReceived(int wordIndex, ulong bits)
    {
        Received.SetWordBits(wordIndex, bits);
        if (_sourceVersion is null) return;
        long basePage = (long)wordIndex << 6;
        while (bits != 0)
        {
            int b = System.Numerics.BitOperations.TrailingZeroCount(bits);
            bits &= bits - 1;
            _destinationVersion![basePage + b] = _sourceVersion[basePage + b];
        }
    }

    /// <summary>
    /// Pages whose destination copy is not the source's latest version (audit mode only).
    /// Zero pages count as present on the destination: its RAM starts zeroed.
    /// </summary>
    public long CountStaleOnDestination()
    {
        if (_sourceVersion is null) throw new InvalidOperationException("auditing is off");
        long stale = 0;
        for (long p = 0; p < Pages; p++)
            if (_sourceVersion[p] != _destinationVersion![p]) stale++;
        return stale;
    }
}
