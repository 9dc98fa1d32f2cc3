using MigrationSim.Kernel;

namespace MigrationSim.Model.Migration;

/// <summary>
/// Constants of the hosts and QEMU build that a scenario cannot know: fitted by calibration
/// against captures (migsim validate) and loaded as a profile.
/// </summary>
public sealed record HostProfile
{
    /// <summary>The QEMU release on both hosts: which migration thread the engine follows (<see cref="QemuBehaviour"/>).</summary>
    public QemuVersion Qemu { get; init; } = QemuVersion.V7_2;

    /// <summary>Migration setup (bitmap allocation, first sync) before the first page is sent.</summary>
    public SimTime SetupTime { get; init; } = SimTime.FromMilliseconds(10);

    /// <summary>Fixed part of the downtime: device state, stopping and starting the vCPUs.</summary>
    public SimTime SwitchoverCost { get; init; } = SimTime.FromMilliseconds(5);

    /// <summary>Header QEMU writes before each page (be64 offset|flags; the block name once per block is ignored).</summary>
    public int PageHeaderBytes { get; init; } = 8;

    /// <summary>Payload of a zero page after its header (one byte of fill value).</summary>
    public int ZeroPagePayloadBytes { get; init; } = 1;

    /// <summary>CPU time the source spends per page scanned and checked for zeroes, on top of wire time.</summary>
    public SimTime PageScanTime { get; init; } = SimTime.Zero;

    /// <summary>
    /// Host time a zero page costs on top of its bytes and <see cref="PageScanTime"/>: the source
    /// reads a page the guest may never have touched to find it zero, and the destination reads
    /// its own copy before deciding not to write it (ram_handle_zero). Where first touches of
    /// memory are dear (a nested or paravirtualised host) this dominates an idle guest's migration;
    /// calibration fits it from unlimited-bandwidth captures of different zero-page shares.
    /// </summary>
    public SimTime ZeroPageTime { get; init; } = SimTime.Zero;

    /// <summary>
    /// Speed the source actually sends at while the guest runs, replacing network.bandwidth when
    /// set: on loopback under TCG the "link" is the migration thread's CPU, shared with the vCPU.
    /// </summary>
    public double? EffectiveBandwidthBytesPerSecond { get; init; }

    /// <summary>
    /// Cores the multifd channel threads keep busy at once on the source. The CPU-bound sending
    /// speeds (effective- and stopped-bandwidth, fitted on migrations with one migration thread)
    /// scale by min(multifd-channels, this) with multifd on, up to network.bandwidth. 1 = the
    /// channels bring no CPU gain (a host whose other cores are taken: under TCG on 2 cores the
    /// vCPU and the destination's receiving threads share them with the senders). Fitted by
    /// `validate` from unlimited-bandwidth multifd captures in the calibration set.
    /// </summary>
    public double MultifdCores { get; init; } = 1;

    /// <summary>How much faster than one migration thread the CPU-bound transfer of <paramref name="p"/> runs: min(channels, <see cref="MultifdCores"/>), at least 1; 1 without multifd.</summary>
    public double MultifdSpeedup(MigrationParameters p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return p.Multifd is { } m ? Math.Max(1, Math.Min(m.Channels, MultifdCores)) : 1;
    }

    /// <summary>
    /// CPU time one multifd-compression zlib page costs (compress on the source, inflate on the
    /// destination), on one core; the channels share it over <see cref="MultifdSpeedup"/> cores.
    /// Fitted by `validate` from unlimited-bandwidth zlib captures; it holds for the level captured (1, QEMU's default).
    /// </summary>
    public SimTime MultifdZlibPageTime { get; init; }

    /// <summary>The same for zstd.</summary>
    public SimTime MultifdZstdPageTime { get; init; }

    /// <summary>
    /// What one page of the guest image compresses to with zlib, bytes (a property of the image's
    /// content, like <see cref="ImageFootprintBytes"/>); null = the full page. Fitted from QEMU
    /// 10.0 captures, whose multifd-bytes count compressed payloads (7.2 counts the pages' full size).
    /// </summary>
    public double? MultifdZlibImagePageBytes { get; init; }

    /// <summary>The same for zstd.</summary>
    public double? MultifdZstdImagePageBytes { get; init; }

    /// <summary>The compression <paramref name="m"/> asks for, with this host's costs; null without compression.</summary>
    public PageCompression? CompressionFor(MultifdParameters m, int pageSizeBytes)
    {
        ArgumentNullException.ThrowIfNull(m);
        double Page(double? bytes) => Math.Clamp(bytes ?? pageSizeBytes, 0, pageSizeBytes);
        return m.Compression switch
        {
            MultifdCompression.Zlib => new PageCompression(m.Compression, Page(m.CompressedProgramPageBytes), Page(MultifdZlibImagePageBytes), Page(m.CompressedZeroPageBytes), MultifdZlibPageTime),
            MultifdCompression.Zstd => new PageCompression(m.Compression, Page(m.CompressedProgramPageBytes), Page(MultifdZstdImagePageBytes), Page(m.CompressedZeroPageBytes), MultifdZstdPageTime),
            _ => null,
        };
    }

    /// <summary>Speed of the final transfer with the guest stopped (the vCPU no longer competes for the CPU); null = the running speed.</summary>
    public double? StoppedBandwidthBytesPerSecond { get; init; }

    /// <summary>Non-zero pages of the guest image itself (kernel, initramfs, early allocations), added to guest.resident.</summary>
    public long ImageFootprintBytes { get; init; }

    /// <summary>
    /// Part of the image footprint that is free but not zeroed (the compressed kernel, freed init
    /// memory): the guest's own allocations (scenario resident and working set) reuse it first,
    /// so it overlaps them instead of adding to them.
    /// </summary>
    public long ImageReusableBytes { get; init; }

    /// <summary>
    /// Share of the pages holding data over the span of memory the image footprint occupies from
    /// page 0 (1: one contiguous run). A booted guest's kernel, page cache and early allocations lie
    /// scattered, zero pages among them, and QEMU's first pass meets them in address order: a zero
    /// page's time (<see cref="ZeroPageTime"/>) inside a rate-limited window that has bytes left to
    /// wait out costs nothing, while a long run of zero pages is CPU-bound. The image's pages are
    /// spread evenly over ImageFootprint / ImageDensity pages.
    /// </summary>
    public double ImageDensity { get; init; } = 1;

    /// <summary>Lowest <see cref="ImageDensity"/> a profile or scenario may give (the image spread over 5 times its pages).</summary>
    public const double MinImageDensity = 0.2;

    /// <summary>
    /// Share of guest memory, at its very top, that holds image data: Linux hands out its early
    /// allocations (the page structures, about 1/64 of memory, page tables) from the top of memory
    /// down, so QEMU's first pass ends in data, not zeros. That sets the bandwidth QEMU measures in
    /// the pass's last window and so the stop threshold the first sync is judged by: an idle guest
    /// whose pass ended in zero pages (9 bytes each) would measure a tiny bandwidth and go round once
    /// more. These pages are part of the image footprint, taken from its spread part.
    /// </summary>
    public double ImageTopShare { get; init; }

    /// <summary>Highest <see cref="ImageTopShare"/> a profile or scenario may give.</summary>
    public const double MaxImageTopShare = 0.1;

    /// <summary>Further image footprint per GiB of guest memory (the kernel's per-page metadata grows with RAM).</summary>
    public long ImageFootprintPerGiBBytes { get; init; }

    /// <summary>Page writes per second by the guest's own kernel (timers, page cache), uniform over the image footprint.</summary>
    public double BackgroundDirtyRatePagesPerSecond { get; init; }

    /// <summary>Image footprint for a guest of <paramref name="memoryBytes"/>.</summary>
    public long ImageFootprintFor(long memoryBytes) => ImageFootprintBytes + (long)(ImageFootprintPerGiBBytes * (memoryBytes / (double)(1L << 30)));

    /// <summary>
    /// Time a postcopy fault costs the destination beyond the network round trip and the page's
    /// transfer: catching the userfault, queueing the request, placing the page, waking the vCPU.
    /// </summary>
    public MigrationSim.Kernel.SimTime FaultServiceTime { get; init; }

    /// <summary>
    /// The same cost when max-postcopy-bandwidth is unlimited; null = <see cref="FaultServiceTime"/>.
    /// A rate-limited migration thread also answers a request only once the window's budget allows
    /// (modelled apart, see PostcopyPhase): fitted with that, the two agree on the AMD hosts
    /// (10.0: 8.0 and 7.8 ms; 7.2: 9.6 and 9.3 ms), where without it the limited one came out 55-62 ms.
    /// </summary>
    public MigrationSim.Kernel.SimTime? FaultServiceTimeUnlimited { get; init; }

    /// <summary>The fault service time that applies to a postcopy limited to <paramref name="maxPostcopyBandwidth"/> bytes/s.</summary>
    public MigrationSim.Kernel.SimTime FaultServiceTimeFor(double maxPostcopyBandwidth) =>
        double.IsPositiveInfinity(maxPostcopyBandwidth) && FaultServiceTimeUnlimited is { } u ? u : FaultServiceTime;

    /// <summary>Background data already queued in the socket ahead of an urgent postcopy page when postcopy-preempt is off.</summary>
    public long SocketBufferBytes { get; init; } = 256 * 1024;

    /// <summary>
    /// What the destination takes after the last byte of the switchover has arrived before the guest
    /// runs there: loading the device state, the RESUME. The pause the guest sees is QEMU's
    /// downtime, plus the data still in flight when the source wrote its last byte, plus this
    /// (plus the discard below at a postcopy switch).
    /// </summary>
    public SimTime DestinationResumeTime { get; init; }

    /// <summary>
    /// The destination's resume at a postcopy switch, beyond the device state's arrival and the
    /// discard below: the listen thread taking over the stream, the RUN command, the RESUME. It is
    /// not the precopy stop's <see cref="DestinationResumeTime"/> (rate-limited switches against
    /// writers' stops differ by 1.4-2 ms on the three reference hosts, either way); null =
    /// <see cref="DestinationResumeTime"/>, which is what profiles without this key meant.
    /// </summary>
    public SimTime? PostcopyResumeTime { get; init; }

    /// <summary>The resume time a postcopy switch takes: <see cref="PostcopyResumeTime"/>, or <see cref="DestinationResumeTime"/> without it.</summary>
    public SimTime SwitchResumeTime => PostcopyResumeTime ?? DestinationResumeTime;

    /// <summary>
    /// Per range of the discard bitmap at a postcopy switch: the destination drops each range of
    /// stale or unsent pages (ram_discard_range) before the guest runs there, so a fragmented dirty
    /// set (a uniform writer after several passes) pauses the guest longer than one contiguous rest.
    /// </summary>
    public SimTime DiscardRangeTime { get; init; }

    /// <summary>RAM regions besides main memory (ROMs, VGA) that query-migrate counts in ram.total.</summary>
    public long ExtraRamBytes { get; init; }
}
