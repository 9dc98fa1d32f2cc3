using System.Runtime.CompilerServices;
namespace MigrationSim.Model.Memory;

/// <summary>
/// The guest's RAM as QEMU's migration code sees it, one bit per page:
/// <list type="bullet">
/// <item><see cref="ToSend"/>: QEMU's migration bitmap (rb->bmap): pages still to send in the current pass.</item>
/// <item><see cref="Zero"/>: pages whose content is all zeros (never written); sent as a header only.</item>
/// <item><see cref="Received"/>: pages the destination holds (in some version); kept only when a
/// migration may switch to postcopy or the run is audited.</item>
/// </list>
/// The dirty log (pages written since the last sync) is not a bitmap here: the guest keeps the
/// time it ran since the last sync and its writes are applied, in bulk, into the migration bitmap
/// at the sync (<see cref="SyncWriter"/>), which is what merging KVM's dirty log does.
/// With auditing on, a version number per page on each side proves that every page ends on
/// the destination in its latest version (tests only: it costs 8 bytes per page).
/// </summary>
public sealed class GuestMemory : IPageWriter
{
    private int[]? _sourceVersion;
    private int[]? _destinationVersion;
    private PageBitmap? _received;
    private long _nonZeroEnd; // pages below hold data from the start: a write there cannot turn a zero page

    private readonly PageBitmapArena? _arena;

    /// <summary>All <paramref name="pages"/> pages zero and nothing pending; <paramref name="audit"/> keeps a version per page (small guests only).</summary>
    public GuestMemory(long pages, int pageSizeBytes, bool audit = false) : this(pages, pageSizeBytes, audit, null) { }

    /// <summary>As the public constructor, with the bitmaps taken from <paramref name="arena"/> (open for this run) when given.</summary>
    internal GuestMemory(long pages, int pageSizeBytes, bool audit, PageBitmapArena? arena)
    {
        if (pages <= 0) throw new ArgumentOutOfRangeException(nameof(pages), "a guest needs at least one page");
        if (pageSizeBytes <= 0) throw new ArgumentOutOfRangeException(nameof(pageSizeBytes));
        Pages = pages;
        PageSizeBytes = pageSizeBytes;
        _arena = arena;
        ToSend = NewBitmap();
        Zero = NewBitmap();
        Zero.SetAll();
        if (audit)
        {
            if (pages > int.MaxValue) throw new ArgumentOutOfRangeException(nameof(audit), "auditing is for small guests");
            _sourceVersion = new int[pages];
            _destinationVersion = new int[pages];
            _received = NewBitmap();
        }
    }

    /// <summary>Pages of guest RAM.</summary>
    public long Pages { get; }
    /// <summary>Bytes per page.</summary>
    public int PageSizeBytes { get; }
    /// <summary>Guest RAM, bytes.</summary>
    public long SizeBytes => Pages * PageSizeBytes;

    /// <summary>QEMU's migration bitmap: pages still to send in this pass.</summary>
    public PageBitmap ToSend { get; }
    /// <summary>Pages that are all zeros (sent as a header).</summary>
    public PageBitmap Zero { get; }

    /// <summary>Pages the destination holds; throws unless <see cref="TrackReceived"/> was called (or the run is audited).</summary>
    public PageBitmap Received => _received ?? throw new InvalidOperationException("the destination's pages are not tracked (precopy-only run)");

    /// <summary>The destination's pages are tracked (<see cref="Received"/> can be read).</summary>
    public bool TracksReceived => _received is not null;

    /// <summary>Keeps the destination's pages from now on (needed for a postcopy switch; 1 bit per page).</summary>
    public void TrackReceived() => _received ??= NewBitmap();

    /// <summary>
    /// Stops keeping the destination's pages: once postcopy has discarded the stale ones nothing reads
    /// them again, and marking each requested page in a 1 TiB guest's bitmap is a cache miss per fault.
    /// </summary>
    public void ForgetReceived() => _received = null;

    private PageBitmap NewBitmap() => _arena?.Take(Pages) ?? new PageBitmap(Pages);

    /// <summary>Versions are kept per page.</summary>
    public bool IsAudited => _sourceVersion is not null;

    /// <summary>Gives pages non-zero content without dirtying them (state before migration starts).</summary>
    public void Populate(long start, long count)
    {
        Zero.ClearRange(start, count);
        if (start <= _nonZeroEnd) _nonZeroEnd = Math.Max(_nonZeroEnd, start + count);
        if (_sourceVersion is not null)
            for (long p = start; p < start + count; p++) _sourceVersion[p] = 1;
    }

    /// <summary>Gives <paramref name="count"/> pages spread evenly over [0, <paramref name="span"/>) non-zero content (<see cref="MemoryLayout.HoldsData"/>), without dirtying them.</summary>
    public void PopulateSpread(long count, long span)
    {
        // The zero pages between them keep _nonZeroEnd where it is: a write there can still turn one.
        for (long i = 0; i < span; i++)
        {
            if (!MemoryLayout.HoldsData(i, count, span)) continue;
            Zero.Clear(i);
            if (_sourceVersion is not null) _sourceVersion[i] = 1;
        }
    }

    /// <summary>A write straight into guest memory (no migration running): content changes, nothing is marked dirty.</summary>
    public void Write(long page)
    {
        if (page >= _nonZeroEnd) Zero.Clear(page);
        if (_sourceVersion is not null) _sourceVersion[page]++;
    }

    /// <summary>Writes pages [start, start + count): they hold data from now on (and a new version when audited).</summary>
    public void WriteRange(long start, long count)
    {
        if (start + count > _nonZeroEnd) Zero.ClearRange(Math.Max(start, _nonZeroEnd), start + count - Math.Max(start, _nonZeroEnd));
        if (_sourceVersion is not null)
            for (long p = start; p < start + count; p++) _sourceVersion[p]++;
    }

    /// <summary>Writes the pages whose bits are set in 64-page word <paramref name="wordIndex"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteWord(int wordIndex, ulong bits)
    {
        long basePage = (long)wordIndex << 6;
        if (basePage + 64 > _nonZeroEnd) Zero.ClearWordBits(wordIndex, Zero.Word(wordIndex) & bits);
        if (_sourceVersion is null) return;
        while (bits != 0)
        {
            _sourceVersion[basePage + System.Numerics.BitOperations.TrailingZeroCount(bits)]++;
            bits &= bits - 1;
        }
    }

    /// <summary>
    /// Writes as the dirty log records them at a sync: each page written becomes pending in the
    /// migration bitmap (and non-zero); <see cref="SyncWriter.NewlyPending"/> counts those that were not pending.
    /// </summary>
    public SyncWriter ForSync() => new(this);

    /// <summary>Applies writes and marks them pending for the next pass (migration_bitmap_sync's merge).</summary>
    public sealed class SyncWriter(GuestMemory memory) : IPageWriter
    {
        /// <summary>Pages the writes made pending that were not pending before.</summary>
        public long NewlyPending { get; private set; }

        /// <summary>Writes one page.</summary>
        public void Write(long page)
        {
            memory.Write(page);
            if (memory.ToSend.Set(page)) NewlyPending++;
        }

        /// <summary>Writes pages [start, start + count) and makes them pending.</summary>
        public void WriteRange(long start, long count)
        {
            memory.WriteRange(start, count);
            NewlyPending += count - memory.ToSend.CountRange(start, count);
            memory.ToSend.SetRange(start, count);
        }

        /// <summary>Writes the pages set in <paramref name="bits"/> of word <paramref name="wordIndex"/> and makes them pending.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void WriteWord(int wordIndex, ulong bits)
        {
            memory.WriteWord(wordIndex, bits);
            NewlyPending += memory.ToSend.SetWordBits(wordIndex, bits);
        }
    }

    /// <summary>Records that the destination now holds the current version of each page in <paramref name="bits"/> of word <paramref name="wordIndex"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void MarkReceived(int wordIndex, ulong bits)
    {
        _received?.SetWordBits(wordIndex, bits);
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
