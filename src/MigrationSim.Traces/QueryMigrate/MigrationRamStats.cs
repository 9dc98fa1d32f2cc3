using System.Text.Json;

namespace MigrationSim.Traces.QueryMigrate;

/// <summary>
/// The "ram" member of query-migrate (QEMU MigrationStats). Byte counts are bytes, page counts
/// are target pages (<see cref="PageSizeBytes"/>), rates are per second.
/// </summary>
public sealed record MigrationRamStats
{
    public long? TransferredBytes { get; init; }
    public long? RemainingBytes { get; init; }
    public long? TotalBytes { get; init; }
    /// <summary>Zero pages, sent as a header only.</summary>
    public long? DuplicatePages { get; init; }
    public long? SkippedPages { get; init; }
    /// <summary>Pages sent in full.</summary>
    public long? NormalPages { get; init; }
    public long? NormalBytes { get; init; }
    public long? DirtyPagesRatePagesPerSecond { get; init; }
    /// <summary>QEMU's "mbps": megabits per second (1e6), a real number.</summary>
    public double? Mbps { get; init; }
    public long? DirtySyncCount { get; init; }
    public long? PostcopyRequests { get; init; }
    public long? PageSizeBytes { get; init; }
    public long? PagesPerSecond { get; init; }
    public long? PrecopyBytes { get; init; }
    public long? DowntimeBytes { get; init; }
    public long? PostcopyBytes { get; init; }
    /// <summary>Bytes sent over the multifd channels (0 without multifd).</summary>
    public long? MultifdBytes { get; init; }

    public static MigrationRamStats FromJson(JsonElement ram) => new()
    {
        TransferredBytes = MigrationInfo.Int(ram, "transferred"),
        RemainingBytes = MigrationInfo.Int(ram, "remaining"),
        TotalBytes = MigrationInfo.Int(ram, "total"),
        DuplicatePages = MigrationInfo.Int(ram, "duplicate"),
        SkippedPages = MigrationInfo.Int(ram, "skipped"),
        NormalPages = MigrationInfo.Int(ram, "normal"),
        NormalBytes = MigrationInfo.Int(ram, "normal-bytes"),
        DirtyPagesRatePagesPerSecond = MigrationInfo.Int(ram, "dirty-pages-rate"),
        Mbps = MigrationInfo.Real(ram, "mbps"),
        DirtySyncCount = MigrationInfo.Int(ram, "dirty-sync-count"),
        PostcopyRequests = MigrationInfo.Int(ram, "postcopy-requests"),
        PageSizeBytes = MigrationInfo.Int(ram, "page-size"),
        PagesPerSecond = MigrationInfo.Int(ram, "pages-per-second"),
        PrecopyBytes = MigrationInfo.Int(ram, "precopy-bytes"),
        DowntimeBytes = MigrationInfo.Int(ram, "downtime-bytes"),
        PostcopyBytes = MigrationInfo.Int(ram, "postcopy-bytes"),
        MultifdBytes = MigrationInfo.Int(ram, "multifd-bytes"),
    };
}
