namespace MigrationSim.Model.Migration;

/// <summary>
/// QEMU's multifd capability: pages go over several channels (sockets), each with its own
/// sender thread, optionally compressed. Defaults are QEMU's (7.2 and 10.0 agree). The engine
/// models the channels (<see cref="MultifdStream"/>, <see cref="HostProfile.MultifdCores"/>);
/// compression is not modelled, and a scenario that sets it is refused by `run`.
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
}
