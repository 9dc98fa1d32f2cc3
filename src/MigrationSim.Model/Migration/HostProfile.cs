using MigrationSim.Kernel;

namespace MigrationSim.Model.Migration;

/// <summary>
/// Constants of the hosts and QEMU build that a scenario cannot know: fitted by calibration
/// against captures (migsim validate) and loaded as a profile.
/// </summary>
public sealed record HostProfile
{
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

    /// <summary>Background data already queued in the socket ahead of an urgent postcopy page when postcopy-preempt is off.</summary>
    public long SocketBufferBytes { get; init; } = 256 * 1024;

    /// <summary>RAM regions besides main memory (ROMs, VGA) that query-migrate counts in ram.total.</summary>
    public long ExtraRamBytes { get; init; }
}
