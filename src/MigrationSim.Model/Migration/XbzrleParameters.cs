namespace MigrationSim.Model.Migration;

/// <summary>
/// QEMU's xbzrle capability: a page sent again is sent as the XOR-delta run-length encoding
/// against its copy in a source-side cache, when the copy is still cached (see <see cref="XbzrleCache"/>).
/// </summary>
public sealed record XbzrleParameters
{
    /// <summary>QEMU's default xbzrle-cache-size: 64 MiB.</summary>
    public const long DefaultCacheSizeBytes = 64L << 20;

    /// <summary>xbzrle-cache-size in bytes: a power of two, a whole number of pages.</summary>
    public long CacheSizeBytes { get; init; } = DefaultCacheSizeBytes;
}
