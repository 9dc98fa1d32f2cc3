using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO.Compression;
using MigrationSim.Model.Migration;

namespace MigrationSim.Scenarios.Compression;

/// <summary>
/// What the project's guest program's pages compress to under multifd compression, found by
/// compressing them for real: the pages are built as src/MigrationSim.Qemu/guest/workload.c leaves
/// them (fill_pages: a tagged word at the start and the page number at the end, zeros between; a
/// write puts bytes-per-write bytes from offset 8, one counter word or words that depend on it
/// through a multiply) and go through one stream per channel the way multifd-zlib.c and
/// multifd-zstd.c feed it: 128 pages, then a flush (Z_SYNC_FLUSH, ZSTD_e_flush), and on.
/// zlib is the system's libz.so.1, the library QEMU links (<see cref="SystemZlib"/>; where there is
/// none, .NET's zlib-ng, whose level 1 writes about twice the bytes on these pages); zstd is
/// ZstdSharp, a port of the zstd library QEMU links.
/// </summary>
public static class WorkloadPageCompression
{
    private const int PagesPerPacket = QemuBehaviour.MultifdPagesPerPacket;
    private const int Packets = 4; // enough for the window to carry over between packets, as it does in a channel

    private static readonly ConcurrentDictionary<(MultifdCompression, int, int, int), Sizes> Cache = new();

    /// <summary>Average compressed bytes per page of the three kinds of page the guest program has, at one setting.</summary>
    /// <param name="FilledPageBytes">A page filled once and never written (resident pages, an unwritten working-set page).</param>
    /// <param name="WrittenPageBytes">A working-set page the writer has written.</param>
    /// <param name="ZeroPageBytes">An all-zero page.</param>
    public readonly record struct Sizes(double FilledPageBytes, double WrittenPageBytes, double ZeroPageBytes);

    /// <summary>The compressed sizes of the program's pages with <paramref name="algorithm"/> at <paramref name="level"/> when a write changes <paramref name="bytesPerWrite"/> bytes.</summary>
    public static Sizes Measure(MultifdCompression algorithm, int level, int bytesPerWrite, int pageSizeBytes)
    {
        if (algorithm == MultifdCompression.None) throw new ArgumentException("no compression: pages travel in full", nameof(algorithm));
        return Cache.GetOrAdd((algorithm, level, bytesPerWrite, pageSizeBytes), k => new Sizes(
            Average(k.Item1, k.Item2, k.Item4, (page, i) => Fill(page, i, tag: 2)),
            Average(k.Item1, k.Item2, k.Item4, (page, i) => { Fill(page, i, tag: 1); Write(page, 1_000_003UL * (ulong)(i + 1), k.Item3); }),
            Average(k.Item1, k.Item2, k.Item4, (page, _) => page.Clear())));
    }

    /// <summary>
    /// The multifd parameters <paramref name="m"/> with the compressed sizes of this guest's program
    /// pages filled in: its resident pages are filled only, its working set is written (what the
    /// passes after the first send).
    /// </summary>
    public static MultifdParameters Apply(MultifdParameters m, int bytesPerWrite, int pageSizeBytes, long residentPages, long workingSetPages)
    {
        ArgumentNullException.ThrowIfNull(m);
        if (m.Compression == MultifdCompression.None) return m;
        var s = Measure(m.Compression, m.Compression == MultifdCompression.Zlib ? m.ZlibLevel : m.ZstdLevel, bytesPerWrite, pageSizeBytes);
        long pages = residentPages + workingSetPages;
        double program = pages == 0 ? s.WrittenPageBytes : (residentPages * s.FilledPageBytes + workingSetPages * s.WrittenPageBytes) / pages;
        return m with { CompressedProgramPageBytes = program, CompressedZeroPageBytes = s.ZeroPageBytes };
    }

    /// <summary>Compressed bytes per page over <see cref="Packets"/> packets of pages that <paramref name="make"/> writes (page buffer, page number).</summary>
    private static double Average(MultifdCompression algorithm, int level, int pageSizeBytes, Action<Span<byte>, int> make)
    {
        if (algorithm == MultifdCompression.Zlib && SystemZlib.BytesPerPage(level, pageSizeBytes, Packets, PagesPerPacket, make) is { } real) return real;
        var output = new MemoryStream();
        using (Stream compressor = algorithm == MultifdCompression.Zlib
                   ? new ZLibStream(output, new ZLibCompressionOptions { CompressionLevel = level }, leaveOpen: true)
                   : new ZstdSharp.CompressionStream(output, level, leaveOpen: true))
        {
            var page = new byte[pageSizeBytes];
            for (int p = 0; p < Packets; p++)
            {
                for (int i = 0; i < PagesPerPacket; i++)
                {
                    make(page, p * PagesPerPacket + i);
                    compressor.Write(page);
                }
                compressor.Flush(); // the packet ends: what it carries is on the wire
            }
            long flushed = output.Length;
            return flushed / (double)(Packets * PagesPerPacket);
        }
    }

    /// <summary>fill_pages: word 0 = tag &lt;&lt; 48 | (i + 1), the last word = i + 1, zeros between.</summary>
    private static void Fill(Span<byte> page, int i, int tag)
    {
        page.Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(page, ((ulong)tag << 48) | (uint)(i + 1));
        BinaryPrimitives.WriteUInt64LittleEndian(page[^8..], (ulong)(i + 1));
    }

    /// <summary>write_one: one counter word at offset 8, or bytes-per-write bytes of words derived from the counter.</summary>
    private static void Write(Span<byte> page, ulong counter, int bytesPerWrite)
    {
        int words = page.Length / 8, n = bytesPerWrite / 8;
        if (n == 1) { BinaryPrimitives.WriteUInt64LittleEndian(page[8..], counter); return; }
        int first = words - n < 1 ? words - n : 1;
        for (int k = 0; k < n; k++)
            BinaryPrimitives.WriteUInt64LittleEndian(page[((first + k) * 8)..], unchecked(((counter + (ulong)k) * 0x9e3779b97f4a7c15UL) | 1));
    }
}
