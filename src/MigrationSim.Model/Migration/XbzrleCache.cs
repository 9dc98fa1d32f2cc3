namespace MigrationSim.Model.Migration;

/// <summary>
/// QEMU's xbzrle page cache and encoder (migration/page_cache.c, xbzrle.c, ram.c save_xbzrle_page),
/// the same in 7.2 and 10.0: direct-mapped, one slot per cache page, a page's slot being its page
/// number modulo the slot count (a power of two). Used from the second round over memory on
/// (xbzrle_started). A page sent while its slot holds it is a hit: it goes as the XOR run-length
/// delta to the cached copy. Otherwise it is a miss: sent in full and inserted, unless the slot
/// holds another page used in the last <see cref="LifetimeGenerations"/> syncs
/// (CACHED_PAGE_LIFETIME). No inserts during the final pass (last_stage). A zero page sent while
/// xbzrle is in use is inserted as zeros (xbzrle_cache_zero_page). Ages are dirty-sync-counts.
/// </summary>
/// <remarks>
/// What one hit encodes to is the same for every page of a guest: the project's guest program
/// changes one run of bytes-per-write bytes per write, at offset 8 of its page (at 0 for a whole
/// page), and later writes to the page rewrite the same bytes, so a re-sent page differs from its
/// cached copy in that one run. Two things the rule leaves out, both small: an 8-byte counter
/// changes only its low 1-4 bytes (the rule counts 8, so a hit is 4-7 bytes too large), and a
/// longer run's bytes each keep their old value by chance 1 in 256, each such byte splitting the
/// run and adding one byte (about 16 bytes on a whole page).
/// </remarks>
public sealed class XbzrleCache
{
    /// <summary>CACHED_PAGE_LIFETIME: a slot used within this many generations is not replaced.</summary>
    public const int LifetimeGenerations = 2;

    /// <summary>What precedes the delta of a hit: ENCODING_FLAG_XBZRLE (1 byte) and its be16 length.</summary>
    public const int DeltaPrefixBytes = 3;

    private readonly long[] _page;
    private readonly long[] _age;
    private readonly long _mask;
    private readonly int _pageSizeBytes;

    /// <param name="cacheSizeBytes">xbzrle-cache-size in bytes: a power of two, at least one page.</param>
    /// <param name="pageSizeBytes">Target page size in bytes.</param>
    /// <param name="bytesPerWrite">How many bytes of its page one guest write changes (the workload's bytes-per-write).</param>
    public XbzrleCache(long cacheSizeBytes, int pageSizeBytes, int bytesPerWrite)
    {
        long slots = cacheSizeBytes / pageSizeBytes;
        if (slots < 1 || (slots & (slots - 1)) != 0)
            throw new ArgumentException($"xbzrle-cache-size {cacheSizeBytes} B is not a power-of-two number of {pageSizeBytes} B pages", nameof(cacheSizeBytes));
        _page = new long[slots];
        _age = new long[slots];
        Array.Fill(_page, -1);
        _mask = slots - 1;
        _pageSizeBytes = pageSizeBytes;
        EncodedBytes = EncodedLength(GuestWriteOffset(bytesPerWrite, pageSizeBytes), bytesPerWrite, pageSizeBytes);
    }

    /// <summary>
    /// Where the guest program's write starts in its page (guest/workload.c write_one): byte 8,
    /// leaving the first word alone, unless the write covers the whole page.
    /// </summary>
    public static int GuestWriteOffset(int bytesPerWrite, int pageSizeBytes) => bytesPerWrite >= pageSizeBytes ? 0 : 8;

    /// <summary>
    /// What xbzrle_encode_buffer returns (dlen = slen = the page size) for a page that differs from
    /// its cached copy in exactly the <paramref name="runBytes"/> bytes from <paramref name="offsetBytes"/>:
    /// 0 when nothing differs; otherwise uleb128(zero run) + uleb128(run) + the run (the trailing
    /// unchanged bytes are not encoded); -1 where one of the encoder's overflow checks fires (the
    /// page then goes in full and counts as an overflow).
    /// </summary>
    public static int EncodedLength(int offsetBytes, int runBytes, int pageSizeBytes)
    {
        if (offsetBytes < 0 || runBytes < 0 || offsetBytes + runBytes > pageSizeBytes)
            throw new ArgumentOutOfRangeException(nameof(runBytes), $"a run of {runBytes} B at {offsetBytes} B does not fit a {pageSizeBytes} B page");
        if (runBytes == 0) return 0; // "buffer unchanged": the page is skipped
        int d = Uleb128Bytes(offsetBytes);
        if (d + 2 > pageSizeBytes) return -1;
        d += Uleb128Bytes(runBytes);
        if (d + runBytes > pageSizeBytes) return -1;
        d += runBytes;
        // Unchanged bytes follow: the loop goes round once more and checks for room first.
        if (offsetBytes + runBytes < pageSizeBytes && d + 2 > pageSizeBytes) return -1;
        return d;
    }

    /// <summary>uleb128_encode_small: 7 bits a byte, for lengths below 2^14.</summary>
    private static int Uleb128Bytes(int value) => value < 0x80 ? 1 : 2;

    /// <summary>Encoded delta bytes of a hit (see <see cref="EncodedLength"/>); -1 = overflow.</summary>
    public int EncodedBytes { get; }

    /// <summary>The round over memory after the first has begun: xbzrle is in use.</summary>
    public bool Started { get; set; }

    /// <summary>dirty-sync-count now (the cache's clock).</summary>
    public long Generation { get; set; }

    /// <summary>The final pass with the guest stopped: misses are no longer inserted.</summary>
    public bool LastStage { get; set; }

    /// <summary>xbzrle-cache.pages: pages found in the cache (encoded, or overflowed).</summary>
    public long Pages { get; private set; }

    /// <summary>xbzrle-cache.bytes: bytes of the encoded pages without their 8-byte page header (a page's worth per overflow).</summary>
    public long Bytes { get; private set; }

    /// <summary>xbzrle-cache.cache-miss: pages not found in the cache.</summary>
    public long CacheMiss { get; private set; }

    /// <summary>xbzrle-cache.overflow: hits whose delta did not fit a page.</summary>
    public long Overflow { get; private set; }

    /// <summary>
    /// Looks <paramref name="page"/> up as it is sent (save_xbzrle_page). Returns the bytes its
    /// payload takes after the page header (flag, length and delta), or -1 to send it in full.
    /// </summary>
    public int Lookup(long page)
    {
        long slot = page & _mask;
        if (_page[slot] == page)
        {
            _age[slot] = Generation; // cache_is_cached refreshes the age of a hit
            Pages++;
            if (EncodedBytes < 0)
            {
                Overflow++;
                Bytes += _pageSizeBytes;
                return -1;
            }
            int payload = DeltaPrefixBytes + EncodedBytes;
            Bytes += payload;
            return payload;
        }
        CacheMiss++;
        if (!LastStage) Insert(page);
        return -1;
    }

    /// <summary>A zero page sent while xbzrle is in use: cached as zeros so a later delta is against them (no counters move).</summary>
    public void CacheZeroPage(long page) => Insert(page);

    /// <summary>cache_insert: refuses a slot that holds another page used within the lifetime.</summary>
    private void Insert(long page)
    {
        long slot = page & _mask;
        if (_page[slot] >= 0 && _page[slot] != page && _age[slot] + LifetimeGenerations > Generation) return;
        _page[slot] = page;
        _age[slot] = Generation;
    }
}
