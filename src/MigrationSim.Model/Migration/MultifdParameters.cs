namespace MigrationSim.Model.Migration;

/// <summary>
/// QEMU's multifd capability: pages go over several channels (sockets), each with its own
/// sender thread, optionally compressed. Defaults are QEMU's (7.2 and 10.0 agree). The engine
/// models the channels (<see cref="MultifdStream"/>, <see cref="HostProfile.MultifdCores"/>) and
/// compression (<see cref="PageCompression"/>: what the pages compress to comes from here and the
/// host profile, its CPU time from the profile).
/// </summary>
public sealed record MultifdParameters
{
    /// <summary>multifd-channels (QEMU allows 1-255; default 2).</summary>
    public int Channels { get; init; } = 2;

    /// <summary>multifd-compression.</summary>
    public MultifdCompression Compression { get; init; } = MultifdCompression.None;

    /// <summary>multifd-zlib-level 0-9 (default 1).</summary>
    public int ZlibLevel { get; init; } = 1;

    /// <summary>multifd-zstd-level 0-20 (default 1).</summary>
    public int ZstdLevel { get; init; } = 1;

    /// <summary>
    /// Compressed bytes of one of the guest program's pages with this algorithm and level, on
    /// average in a packet-long stream (the scenario loader compresses the workload's synthetic
    /// pages to find it); null = the page's full size. Ignored without compression.
    /// </summary>
    public double? CompressedProgramPageBytes { get; init; }

    /// <summary>Compressed bytes of an all-zero page (sent only with zero-page-detection none); null = the page's full size.</summary>
    public double? CompressedZeroPageBytes { get; init; }
}
