using System.Numerics;
using MigrationSim.Model.Memory;

namespace MigrationSim.Model.Migration;

/// <summary>
/// QEMU's page scan (ram_find_and_save_block): walks the migration bitmap from where it last
/// stopped, wrapping at the end of RAM, sending each pending page: zero pages as a header plus
/// one byte (counted as duplicate), the others in full (normal). Whole 64-page words are taken
/// at once when they fit the budget, so a pass costs O(pages/64 + pages sent partially).
/// </summary>
public sealed class PageSender
{
    private readonly GuestMemory _memory;
    private readonly double _normalPageBytes;
    private readonly double _zeroPageBytes;
    private readonly double _scanSeconds;
    private readonly double _zeroSeconds; // on top of _scanSeconds for a zero page
    private readonly ulong _zeroMask; // all ones when zero pages are detected; 0 with zero-page-detection none
    private long _cursor; // next page to look at

    /// <summary>A scan of <paramref name="memory"/> with <paramref name="host"/>'s page header, zero-page and scan costs.</summary>
    /// <param name="memory">The guest's memory and its bitmaps.</param>
    /// <param name="host">Page header, zero-page payload and per-page scan time.</param>
    /// <param name="detectZeroPages">False for zero-page-detection none: zero pages go in full, as normal pages.</param>
    public PageSender(GuestMemory memory, HostProfile host, bool detectZeroPages = true)
    {
        _memory = memory;
        _zeroMask = detectZeroPages ? ulong.MaxValue : 0;
        _normalPageBytes = host.PageHeaderBytes + memory.PageSizeBytes;
        _zeroPageBytes = host.PageHeaderBytes + host.ZeroPagePayloadBytes;
        _scanSeconds = host.PageScanTime.Seconds;
        _zeroSeconds = detectZeroPages ? host.ZeroPageTime.Seconds : 0;
    }

    /// <summary>Bytes a normal page takes on the wire: header plus page.</summary>
    public double NormalPageBytes => _normalPageBytes;

    /// <summary>Bytes a zero page takes on the wire: header plus one byte.</summary>
    public double ZeroPageBytes => _zeroPageBytes;

    /// <summary>Wire bytes of <paramref name="zeroPages"/> zero pages and <paramref name="normalPages"/> others (zero pages go in full with zero-page-detection none).</summary>
    public double BytesFor(long zeroPages, long normalPages) =>
        _zeroMask != 0 ? zeroPages * _zeroPageBytes + normalPages * _normalPageBytes : (zeroPages + normalPages) * _normalPageBytes;

    /// <summary>
    /// Seconds the scan takes to send those pages at <paramref name="linkBytesPerSecond"/> without
    /// multifd: their bytes, the scan time of each page and the zero-page time of each zero page.
    /// </summary>
    public double SecondsFor(long zeroPages, long normalPages, double linkBytesPerSecond) =>
        BytesFor(zeroPages, normalPages) / linkBytesPerSecond + (zeroPages + normalPages) * _scanSeconds + zeroPages * _zeroSeconds;

    /// <summary>The xbzrle cache when the capability is on; null otherwise (and then it costs nothing).</summary>
    public XbzrleCache? Xbzrle { get; init; }

    /// <summary>The multifd channels when the capability is on (precopy only); null otherwise.</summary>
    public MultifdStream? Multifd { get; init; }

    /// <summary>
    /// The guest program's pages [Start, End) (its resident pages and working set): with multifd
    /// compression they compress as the workload's pages do, every other non-zero page as the image's.
    /// </summary>
    public (long Start, long End) ProgramPages { get; init; }

    /// <summary>The bits of word <paramref name="wordIndex"/> that are the guest program's pages.</summary>
    private ulong ProgramMask(int wordIndex) => PageBitmap.RangeMask(wordIndex, ProgramPages.Start, ProgramPages.End);

    /// <summary>
    /// With multifd, flush the channels each time the scan passes the end of memory and when a
    /// search finds the pass empty (10.0's multifd_ram_sync_per_round); false when the migration
    /// thread flushes after every iterate step instead (7.2).
    /// </summary>
    public bool FlushMultifdEveryRound { get; init; }

    /// <summary>Postcopy has begun: xbzrle is no longer used (ram_save_page checks migration_in_postcopy).</summary>
    public bool InPostcopy { get; set; }

    /// <summary>Bytes sent so far.</summary>
    public long TransferredBytes { get; private set; }
    /// <summary>
    /// Bytes counted in <see cref="TransferredBytes"/> that were never written: what multifd
    /// compression saved where QEMU counts a compressed packet at its pages' full size (7.2); 0 otherwise.
    /// </summary>
    public double UnwrittenBytes => Multifd is { } m ? m.MultifdBytes - m.WireBytes : 0;
    /// <summary>Pages sent in full so far.</summary>
    public long NormalPages { get; private set; }
    /// <summary>Zero pages sent so far.</summary>
    public long DuplicatePages { get; private set; }
    /// <summary>Normal pages x page size, bytes.</summary>
    public long NormalBytes => NormalPages * _memory.PageSizeBytes;

    /// <summary>Where the scan resumes; a postcopy fault moves it.</summary>
    public long Cursor
    {
        get => _cursor;
        set => _cursor = Math.Clamp(value, 0, _memory.Pages - 1);
    }

    /// <summary>
    /// Sends pending pages until the byte budget or the time budget is used (the last page may
    /// overshoot either, as QEMU checks its limit before a page, not after) or nothing is pending.
    /// </summary>
    /// <returns>Bytes sent and the seconds the sending took at <paramref name="linkBytesPerSecond"/>.</returns>
    public (double Bytes, double Seconds) Send(double byteBudget, double secondsBudget, double linkBytesPerSecond)
    {
        if (Multifd is { } multifd) return SendMultifd(multifd, byteBudget, secondsBudget, linkBytesPerSecond);
        if (Xbzrle is { } cache && !InPostcopy)
        {
            if (cache.Started) return SendXbzrle(cache, byteBudget, secondsBudget, linkBytesPerSecond);
            var r = SendPlain(byteBudget, secondsBudget, linkBytesPerSecond, stopAtWrap: true);
            if (!_wrapped) return r;
            // The round over memory ended within this call: xbzrle starts with the next page.
            cache.Started = true;
            var rest = SendXbzrle(cache, byteBudget - r.Bytes, secondsBudget - r.Seconds, linkBytesPerSecond, r.Seconds);
            return (r.Bytes + rest.Bytes, r.Seconds + rest.Seconds);
        }
        return SendPlain(byteBudget, secondsBudget, linkBytesPerSecond, stopAtWrap: false);
    }

    private bool _wrapped;

    private (double Bytes, double Seconds) SendPlain(double byteBudget, double secondsBudget, double linkBytesPerSecond, bool stopAtWrap)
    {
        _wrapped = false;
        var toSend = _memory.ToSend;
        var zero = _memory.Zero;
        double bytes = 0, seconds = 0;
        int words = toSend.WordCount;
        double perByte = 1.0 / linkBytesPerSecond;

        while (toSend.Count > 0 && bytes < byteBudget && seconds < secondsBudget)
        {
            int wi = (int)(_cursor >> 6);
            ulong bits = toSend.Word(wi) & (ulong.MaxValue << (int)(_cursor & 63));
            if (bits == 0)
            {
                _cursor = wi + 1 >= words ? 0 : (long)(wi + 1) << 6;
                if (stopAtWrap && _cursor == 0) { _wrapped = true; break; }
                continue;
            }
            ulong zbits = bits & zero.Word(wi) & _zeroMask;
            int nz = BitOperations.PopCount(zbits);
            int nn = BitOperations.PopCount(bits) - nz;
            double wordBytes = nz * _zeroPageBytes + nn * _normalPageBytes;
            double wordSeconds = wordBytes * perByte + (nz + nn) * _scanSeconds + nz * _zeroSeconds;
            if (bytes + wordBytes <= byteBudget && seconds + wordSeconds <= secondsBudget)
            {
                bytes += wordBytes;
                seconds += wordSeconds;
                Take(wi, bits, nz, nn, seconds);
                _cursor = wi + 1 >= words ? 0 : (long)(wi + 1) << 6;
                if (stopAtWrap && _cursor == 0) { _wrapped = true; break; }
                continue;
            }
            // Page by page until a budget runs out.
            while (bits != 0 && bytes < byteBudget && seconds < secondsBudget)
            {
                ulong bit = bits & (0 - bits);
                bits &= bits - 1;
                bool isZero = (zbits & bit) != 0;
                double b = isZero ? _zeroPageBytes : _normalPageBytes;
                bytes += b;
                seconds += b * perByte + _scanSeconds + (isZero ? _zeroSeconds : 0);
                Take(wi, bit, isZero ? 1 : 0, isZero ? 0 : 1, seconds);
                _cursor = ((long)wi << 6) + BitOperations.TrailingZeroCount(bit) + 1;
            }
            if (_cursor >= _memory.Pages)
            {
                _cursor = 0;
                if (stopAtWrap) { _wrapped = true; break; }
            }
        }
        return (bytes, seconds);
    }

    /// <summary>
    /// The scan with xbzrle in use, page by page (each page meets the cache): a zero page goes as
    /// such and is cached as zeros; a hit goes as header + flag, length and delta and counts in the
    /// cache's figures, not in normal; a miss or an overflow goes in full (normal).
    /// </summary>
    private (double Bytes, double Seconds) SendXbzrle(XbzrleCache cache, double byteBudget, double secondsBudget, double linkBytesPerSecond, double secondsBefore = 0)
    {
        var toSend = _memory.ToSend;
        var zero = _memory.Zero;
        double bytes = 0, seconds = 0;
        double perByte = 1.0 / linkBytesPerSecond;
        double header = _normalPageBytes - _memory.PageSizeBytes;
        while (toSend.Count > 0 && bytes < byteBudget && seconds < secondsBudget)
        {
            int wi = (int)(_cursor >> 6);
            ulong bits = toSend.Word(wi) & (ulong.MaxValue << (int)(_cursor & 63));
            if (bits == 0)
            {
                _cursor = wi + 1 >= toSend.WordCount ? 0 : (long)(wi + 1) << 6;
                continue;
            }
            ulong bit = bits & (0 - bits);
            long page = ((long)wi << 6) + BitOperations.TrailingZeroCount(bit);
            _cursor = page + 1 >= _memory.Pages ? 0 : page + 1;
            if ((zero.Word(wi) & bit & _zeroMask) != 0)
            {
                cache.CacheZeroPage(page);
                bytes += _zeroPageBytes;
                seconds += _zeroPageBytes * perByte + _scanSeconds + _zeroSeconds;
                Take(wi, bit, 1, 0, secondsBefore + seconds);
                continue;
            }
            int payload = cache.Lookup(page);
            double b = payload < 0 ? _normalPageBytes : header + payload;
            bytes += b;
            seconds += b * perByte + _scanSeconds;
            Take(wi, bit, 0, payload < 0 ? 1 : 0, secondsBefore + seconds);
            if (payload >= 0) TransferredBytes += (long)b;
        }
        return (bytes, seconds);
    }

    /// <summary>
    /// The scan with multifd: each word's pages are queued into packets (zero pages too when the
    /// channels detect them; otherwise the migration thread sends those itself as header + one
    /// byte), and only completed packets are on the wire and counted, so the budgets are checked
    /// against what has been handed to the channels, as QEMU's rate limit sees it. Whole words at
    /// a time: QEMU checks its limit before each page, but the pages it queues after the limit is
    /// reached and before the packet fills stay in the unfinished packet, unsent, either way.
    /// </summary>
    private (double Bytes, double Seconds) SendMultifd(MultifdStream multifd, double byteBudget, double secondsBudget, double linkBytesPerSecond)
    {
        var toSend = _memory.ToSend;
        var zero = _memory.Zero;
        double bytes = 0, seconds = 0;
        int words = toSend.WordCount;
        double perByte = 1.0 / linkBytesPerSecond;
        // Zero pages cost their time in the migration thread (7.2), or in the channels, side by side (10.0);
        // compressing is the channels' work, side by side too.
        double zeroSeconds = multifd.ZeroPagesInPackets ? _zeroSeconds / multifd.ChannelParallelism : _zeroSeconds;
        double compressSeconds = multifd.Compression is { } compression ? compression.PageTime.Seconds / multifd.ChannelParallelism : 0;
        bool compressed = multifd.Compression is not null;
        multifd.Settle(); // what the channels held was written while the thread was away
        while (toSend.Count > 0 && bytes - multifd.UncountedBytes < byteBudget && seconds < secondsBudget)
        {
            int wi = (int)(_cursor >> 6);
            ulong bits = toSend.Word(wi) & (ulong.MaxValue << (int)(_cursor & 63));
            if (bits != 0)
            {
                ulong zbits = bits & zero.Word(wi) & _zeroMask;
                int nz = BitOperations.PopCount(zbits);
                int nn = BitOperations.PopCount(bits) - nz;
                ulong program = compressed ? ProgramMask(wi) : 0, zeroContent = compressed ? bits & zero.Word(wi) : 0;
                double wireBefore = multifd.WireBytes;
                double b = multifd.ZeroPagesInPackets ? multifd.Queue(bits, zbits, program, zeroContent) : multifd.Queue(bits & ~zbits, 0, program, zeroContent);
                double wire = multifd.WireBytes - wireBefore; // what the channels write: b but compressed where 7.2 counts full pages
                if (!multifd.ZeroPagesInPackets) { b += nz * _zeroPageBytes; wire += nz * _zeroPageBytes; }
                bytes += b;
                seconds += wire * perByte + (nz + nn) * _scanSeconds + nz * zeroSeconds + nn * compressSeconds;
                Take(wi, bits, nz, nn, seconds, (long)b);
            }
            _cursor = wi + 1 >= words ? 0 : (long)(wi + 1) << 6;
            if (_cursor == 0 && FlushMultifdEveryRound)
            {
                double f = FlushMultifd();
                bytes += f;
                seconds += f * perByte;
            }
        }
        if (FlushMultifdEveryRound && toSend.Count == 0 && _cursor != 0 && bytes - multifd.UncountedBytes < byteBudget && seconds < secondsBudget)
        {
            // The next search finds nothing: it runs to the end of memory, which flushes, and back
            // (a cursor at 0 has just passed the end, and flushed there).
            double f = FlushMultifd();
            bytes += f;
            seconds += f * perByte;
        }
        return (bytes, seconds);
    }

    /// <summary>multifd_send_sync_main: the unfinished packet and a SYNC packet per channel go now. Returns their bytes (0 without multifd).</summary>
    public double FlushMultifd()
    {
        if (Multifd is not { } multifd) return 0;
        double f = multifd.Flush();
        TransferredBytes += (long)f;
        return f;
    }

    /// <summary>multifd's setup: each channel's initial packet (where counted) and the flush that ends ram_save_setup. Returns their bytes (0 without multifd).</summary>
    public double StartMultifd()
    {
        if (Multifd is not { } multifd) return 0;
        TransferredBytes += multifd.InitialBytes;
        return multifd.InitialBytes + FlushMultifd();
    }

    /// <summary>Sends every pending page, ignoring budgets (completion with the VM stopped).</summary>
    public (double Bytes, double Seconds) SendAll(double linkBytesPerSecond) =>
        Send(double.PositiveInfinity, double.PositiveInfinity, linkBytesPerSecond);

    /// <summary>Sends one specific page now if it is pending (a postcopy request). Returns its bytes, 0 if not pending.</summary>
    public double SendPage(long page)
    {
        if (!_memory.ToSend.Get(page)) return 0;
        int wi = (int)(page >> 6);
        ulong bit = 1UL << (int)(page & 63);
        bool isZero = _zeroMask != 0 && _memory.Zero.Get(page);
        Take(wi, bit, isZero ? 1 : 0, isZero ? 0 : 1, 0);
        return isZero ? _zeroPageBytes : _normalPageBytes;
    }

    /// <summary>
    /// Called with each batch of pages as it is sent: word index, bits, and the seconds into the
    /// current <see cref="Send"/> call at which the batch's last byte leaves (0 for <see cref="SendPage"/>).
    /// Postcopy uses it to track what the destination still misses and when a requested page arrives.
    /// </summary>
    public Action<int, ulong, double>? Sent { get; set; }

    private void Take(int wordIndex, ulong bits, int zeroPages, int normalPages, double secondsIntoSend, long? bytes = null)
    {
        Sent?.Invoke(wordIndex, bits, secondsIntoSend);
        _memory.ToSend.ClearWordBits(wordIndex, bits);
        _memory.MarkReceived(wordIndex, bits);
        DuplicatePages += zeroPages;
        NormalPages += normalPages;
        TransferredBytes += bytes ?? (long)(zeroPages * _zeroPageBytes + normalPages * _normalPageBytes);
    }
}
