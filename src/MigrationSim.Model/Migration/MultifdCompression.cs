namespace MigrationSim.Model.Migration;

/// <summary>QEMU's multifd-compression (the methods Debian's QEMU 7.2 and 10.0 both build).</summary>
public enum MultifdCompression
{
    /// <summary>No compression.</summary>
    None,
    /// <summary>zlib.</summary>
    Zlib,
    /// <summary>zstd.</summary>
    Zstd,
}
