using System.Text.Json;

namespace MigrationSim.Traces.QueryMigrate;

/// <summary>
/// query-migrate's "xbzrle-cache" (present while the xbzrle capability is on): the cache and
/// what its XOR-delta encoding achieved. Bytes are bytes, pages are target pages.
/// </summary>
public sealed record XbzrleCacheStats
{
    public long? CacheSizeBytes { get; init; }
    /// <summary>Encoded bytes sent for xbzrle pages.</summary>
    public long? Bytes { get; init; }
    /// <summary>Pages sent as an xbzrle delta.</summary>
    public long? Pages { get; init; }
    /// <summary>Pages not in the cache (sent in full and cached).</summary>
    public long? CacheMiss { get; init; }
    /// <summary>Pages whose delta was larger than a page (sent in full).</summary>
    public long? Overflow { get; init; }

    public static XbzrleCacheStats FromJson(JsonElement e) => new()
    {
        CacheSizeBytes = MigrationInfo.Int(e, "cache-size"),
        Bytes = MigrationInfo.Int(e, "bytes"),
        Pages = MigrationInfo.Int(e, "pages"),
        CacheMiss = MigrationInfo.Int(e, "cache-miss"),
        Overflow = MigrationInfo.Int(e, "overflow"),
    };
}
