using System.Numerics;

namespace MigrationSim.Model.Migration;

/// <summary>
/// The multifd side of the page stream (migration/multifd.c, multifd-nocomp.c, ram.c
/// ram_save_multifd_page): the migration thread queues page offsets into a packet of
/// <see cref="QemuBehaviour.MultifdPagesPerPacket"/> slots and hands a full packet to the next free
/// channel thread, which writes the packet header (its length is fixed, whatever the packet holds)
/// and the packet's non-zero pages. A page in an unfinished packet has left the migration bitmap
/// but is not on the wire nor counted anywhere yet: QEMU counts a packet's bytes (in transferred,
/// multifd-bytes and the rate limit) when it is handed over (7.2) or written (10.0), so the rate
/// limit sees them a packet at a time, and in 10.0 only after the channel wrote it
/// (<see cref="UncountedBytes"/>). A flush (multifd_send_sync_main) sends the unfinished packet
/// and one header-only SYNC packet per channel and waits for every channel.
/// <para>Zero pages: with zero-page detection in the channel threads (10.0's default) a zero page
/// travels as its offset slot in the header only (0 bytes of its own); with the migration thread's
/// detection (7.2, or zero-page-detection legacy) it never enters a packet and goes on the main
/// channel as header + one byte, like without multifd; with zero-page-detection none it is sent in
/// full in a packet.</para>
/// <para>Compression (<see cref="Compression"/>): a packet's normal pages travel compressed, as
/// <see cref="PageCompression"/> sizes them by content; 10.0 counts the compressed packet, 7.2 the
/// pages' full size (<see cref="QemuBehaviour.MultifdCountsCompressedBytes"/>), and
/// <see cref="WireBytes"/> follows what the channels really write either way.</para>
/// </summary>
public sealed class MultifdStream
{
    private readonly int _channels;
    private readonly int _pageSizeBytes;
    private readonly int _headerBytes;
    private readonly bool _zeroPagesInPackets;
    private readonly int _uncountedLimit; // packets a channel may hold before the rate limit sees them
    private readonly bool _countsCompressed;
    private readonly Queue<long> _inFlight = new();
    private int _open;       // pages queued in the unfinished packet
    private int _openNormal; // of which non-zero
    private int _openProgram; // of the non-zero ones: the guest program's pages (compression only)
    private int _openZeroContent; // and all-zero pages sent in full (zero-page-detection none)

    /// <param name="parameters">The multifd capability's channels.</param>
    /// <param name="qemu">The release: packet header size, initial packet accounting.</param>
    /// <param name="pageSizeBytes">Target page size in bytes.</param>
    /// <param name="zeroPagesInPackets">True when zero pages go into the packets (detected by the channel threads, or not at all).</param>
    public MultifdStream(MultifdParameters parameters, QemuBehaviour qemu, int pageSizeBytes, bool zeroPagesInPackets)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(qemu);
        if (parameters.Channels < 1) throw new ArgumentOutOfRangeException(nameof(parameters), "multifd-channels must be at least 1");
        _channels = parameters.Channels;
        _pageSizeBytes = pageSizeBytes;
        _headerBytes = qemu.MultifdPacketHeaderBytes;
        _zeroPagesInPackets = zeroPagesInPackets;
        InitialBytes = (long)qemu.MultifdInitialPacketBytesCounted * _channels;
        MultifdBytes = InitialBytes;
        _uncountedLimit = qemu.MultifdCountsPacketsWhenWritten ? _channels : 0;
        _countsCompressed = qemu.MultifdCountsCompressedBytes;
        WireBytes = InitialBytes;
    }

    /// <summary>multifd-compression's page sizes and CPU time; null = the pages travel in full.</summary>
    public PageCompression? Compression { get; init; }

    /// <summary>
    /// Bytes the channels have really written so far (headers and payloads as compressed), with
    /// the counted initial packets: <see cref="MultifdBytes"/> except where 7.2 counts a compressed
    /// packet at its pages' full size.
    /// </summary>
    public double WireBytes { get; private set; }

    /// <summary>
    /// Bytes of the packets handed to channels that the rate limit has not seen yet (10.0 counts a
    /// packet once written: with every channel busy, the last multifd-channels packets); 0 in 7.2.
    /// </summary>
    public double UncountedBytes { get; private set; }

    /// <summary>The channels have written everything they hold (the thread slept, or synced with them): the rate limit sees it all.</summary>
    public void Settle()
    {
        _inFlight.Clear();
        UncountedBytes = 0;
    }

    /// <summary>multifd-channels.</summary>
    public int Channels => _channels;

    /// <summary>Zero pages travel in the packets (as offsets only when the channels detect them).</summary>
    public bool ZeroPagesInPackets => _zeroPagesInPackets;

    /// <summary>
    /// How many channels work at once on what only they do (checking zero pages in 10.0,
    /// compressing): the host's <see cref="HostProfile.MultifdSpeedup"/>, so each zero page's
    /// <see cref="HostProfile.ZeroPageTime"/> and each compressed page's
    /// <see cref="PageCompression.PageTime"/> is shared among them; 1 by default.
    /// </summary>
    public double ChannelParallelism { get; init; } = 1;

    /// <summary>Bytes of the per-channel initial packets that query-migrate counts (10.0: 64 B each; 7.2 counts none).</summary>
    public long InitialBytes { get; }

    /// <summary>Packets that carried pages, so far.</summary>
    public long DataPackets { get; private set; }

    /// <summary>Header-only SYNC packets, so far (channels x flushes).</summary>
    public long SyncPackets { get; private set; }

    /// <summary>Flushes (multifd_send_sync_main), so far.</summary>
    public long Flushes { get; private set; }

    /// <summary>Bytes written on the channels, as query-migrate's multifd-bytes counts them (the counted initial packets included).</summary>
    public long MultifdBytes { get; private set; }

    /// <summary>Pages queued in the unfinished packet (not yet sent).</summary>
    public int OpenPages => _open;

    /// <summary>
    /// Queues the pages <paramref name="bits"/> of one bitmap word in page order, of which
    /// <paramref name="zeroBits"/> are zero pages that travel in packets (pass 0 when the migration
    /// thread sends zero pages itself: those bits must not be in <paramref name="bits"/>).
    /// Returns the bytes of the packets this completed (header and non-zero pages each), as QEMU
    /// counts them. With compression, <paramref name="programBits"/> marks the guest program's
    /// pages and <paramref name="zeroContentBits"/> the all-zero pages sent as normal pages
    /// (zero-page-detection none); the others are the image's.
    /// </summary>
    public double Queue(ulong bits, ulong zeroBits, ulong programBits = 0, ulong zeroContentBits = 0)
    {
        zeroContentBits &= ~zeroBits;
        programBits &= ~zeroBits & ~zeroContentBits;
        double sent = 0;
        int n = BitOperations.PopCount(bits);
        while (n > 0)
        {
            int room = QemuBehaviour.MultifdPagesPerPacket - _open;
            if (n < room)
            {
                _open += n;
                _openNormal += n - BitOperations.PopCount(zeroBits & bits);
                _openProgram += BitOperations.PopCount(programBits & bits);
                _openZeroContent += BitOperations.PopCount(zeroContentBits & bits);
                return sent;
            }
            // The first `room` pages of the word fill the packet: split the word there.
            ulong head = bits;
            for (int i = 0; i < room; i++) head &= head - 1; // drop the lowest `room` pages
            ulong taken = bits & ~head;
            _open += room;
            _openNormal += room - BitOperations.PopCount(zeroBits & taken);
            _openProgram += BitOperations.PopCount(programBits & taken);
            _openZeroContent += BitOperations.PopCount(zeroContentBits & taken);
            sent += SendOpen();
            bits = head;
            n -= room;
        }
        return sent;
    }

    /// <summary>
    /// multifd_send_sync_main: the unfinished packet goes (if it holds pages) and every channel
    /// sends a header-only SYNC packet. Returns those bytes.
    /// </summary>
    public double Flush()
    {
        double sent = _open > 0 ? SendOpen() : 0;
        long sync = (long)_channels * _headerBytes;
        SyncPackets += _channels;
        Flushes++;
        Settle(); // multifd_send_sync_main waits for every channel
        MultifdBytes += sync;
        WireBytes += sync;
        return sent + sync;
    }

    /// <summary>The bytes a packet of <paramref name="normalPages"/> non-zero pages takes: the fixed header plus the pages.</summary>
    public long PacketBytes(int normalPages) => _headerBytes + (long)normalPages * _pageSizeBytes;

    /// <summary>
    /// The bytes a packet of <paramref name="programPages"/> program pages, <paramref name="zeroContentPages"/>
    /// all-zero pages and <paramref name="imagePages"/> image pages takes on the wire: the fixed
    /// header plus the pages as <see cref="Compression"/> makes them (in full without it).
    /// </summary>
    public double WirePacketBytes(int programPages, int zeroContentPages, int imagePages) =>
        Compression is { } c ? _headerBytes + c.PayloadBytes(programPages, zeroContentPages, imagePages)
                             : PacketBytes(programPages + zeroContentPages + imagePages);

    private double SendOpen()
    {
        long wire = (long)Math.Round(WirePacketBytes(_openProgram, _openZeroContent, _openNormal - _openProgram - _openZeroContent));
        WireBytes += wire;
        // 10.0 counts what was written; 7.2 (and no compression) the pages' full size.
        long b = _countsCompressed && Compression is not null ? wire : PacketBytes(_openNormal);
        DataPackets++;
        MultifdBytes += b;
        if (_uncountedLimit > 0)
        {
            _inFlight.Enqueue(b);
            UncountedBytes += b;
            if (_inFlight.Count > _uncountedLimit) UncountedBytes -= _inFlight.Dequeue();
        }
        _open = 0;
        _openNormal = 0;
        _openProgram = 0;
        _openZeroContent = 0;
        return b;
    }
}
