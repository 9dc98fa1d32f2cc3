using MigrationSim.Kernel;

namespace MigrationSim.Model.Migration;

/// <summary>
/// What multifd compression (multifd-zlib.c, multifd-zstd.c) makes of a packet's non-zero pages:
/// each channel keeps one deflate (zstd) stream for the whole migration, compresses the packet's
/// pages into it one after the other and flushes it at the packet's last page (Z_SYNC_FLUSH,
/// ZSTD_e_flush), so a packet carries its header plus the compressed payload of its normal pages,
/// and the payload is the sum of what each page compresses to in that stream. A page's compressed
/// size depends on its content, so pages come in three classes: the guest program's own pages
/// (filled once, then written by the workload: mostly zeros), the guest image's pages (kernel,
/// initramfs, page cache: real data, a per-image constant fitted from captures), and zero pages
/// sent in full (zero-page-detection none).
/// </summary>
/// <param name="Algorithm">zlib or zstd.</param>
/// <param name="ProgramPageBytes">Compressed bytes of one of the guest program's pages, as a packet-long stream makes them on average.</param>
/// <param name="ImagePageBytes">Compressed bytes of one of the guest image's pages, on average.</param>
/// <param name="ZeroPageBytes">Compressed bytes of an all-zero page that is sent (zero-page-detection none).</param>
/// <param name="PageTime">Host CPU time to compress one page on the source and inflate it on the destination (one core; the channels share it as they share the sending).</param>
public sealed record PageCompression(MultifdCompression Algorithm, double ProgramPageBytes, double ImagePageBytes, double ZeroPageBytes, SimTime PageTime)
{
    /// <summary>Payload bytes of <paramref name="programPages"/> program pages, <paramref name="zeroPages"/> zero pages and <paramref name="imagePages"/> image pages.</summary>
    public double PayloadBytes(int programPages, int zeroPages, int imagePages) =>
        programPages * ProgramPageBytes + zeroPages * ZeroPageBytes + imagePages * ImagePageBytes;
}
