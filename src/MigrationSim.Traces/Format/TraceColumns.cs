using System.Globalization;
using MigrationSim.Traces.QueryMigrate;

namespace MigrationSim.Traces.Format;

/// <summary>The trace.csv layout: "elapsed-ms" then query-migrate's fields under QEMU's names (ram.* without prefix).</summary>
internal static class TraceColumns
{
    public const string ElapsedMs = "elapsed-ms";

    public static readonly IReadOnlyList<TraceColumn> Fields =
    [
        new("status", i => i.Status, (i, s) => i with { Status = s }),
        Top("total-time", i => i.TotalTimeMs, (i, v) => i with { TotalTimeMs = v }),
        Top("downtime", i => i.DowntimeMs, (i, v) => i with { DowntimeMs = v }),
        Top("expected-downtime", i => i.ExpectedDowntimeMs, (i, v) => i with { ExpectedDowntimeMs = v }),
        Top("setup-time", i => i.SetupTimeMs, (i, v) => i with { SetupTimeMs = v }),
        Top("cpu-throttle-percentage", i => i.CpuThrottlePercentage, (i, v) => i with { CpuThrottlePercentage = v }),
        Ram("transferred", r => r.TransferredBytes, (r, v) => r with { TransferredBytes = v }),
        Ram("remaining", r => r.RemainingBytes, (r, v) => r with { RemainingBytes = v }),
        Ram("total", r => r.TotalBytes, (r, v) => r with { TotalBytes = v }),
        Ram("duplicate", r => r.DuplicatePages, (r, v) => r with { DuplicatePages = v }),
        Ram("skipped", r => r.SkippedPages, (r, v) => r with { SkippedPages = v }),
        Ram("normal", r => r.NormalPages, (r, v) => r with { NormalPages = v }),
        Ram("normal-bytes", r => r.NormalBytes, (r, v) => r with { NormalBytes = v }),
        Ram("dirty-pages-rate", r => r.DirtyPagesRatePagesPerSecond, (r, v) => r with { DirtyPagesRatePagesPerSecond = v }),
        new("mbps",
            i => i.Ram?.Mbps?.ToString("R", CultureInfo.InvariantCulture),
            (i, s) => i with { Ram = (i.Ram ?? new MigrationRamStats()) with { Mbps = double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture) } }),
        Ram("dirty-sync-count", r => r.DirtySyncCount, (r, v) => r with { DirtySyncCount = v }),
        Ram("postcopy-requests", r => r.PostcopyRequests, (r, v) => r with { PostcopyRequests = v }),
        Ram("page-size", r => r.PageSizeBytes, (r, v) => r with { PageSizeBytes = v }),
        Ram("pages-per-second", r => r.PagesPerSecond, (r, v) => r with { PagesPerSecond = v }),
        Ram("precopy-bytes", r => r.PrecopyBytes, (r, v) => r with { PrecopyBytes = v }),
        Ram("downtime-bytes", r => r.DowntimeBytes, (r, v) => r with { DowntimeBytes = v }),
        Ram("postcopy-bytes", r => r.PostcopyBytes, (r, v) => r with { PostcopyBytes = v }),
        // Added with QEMU 10 captures; traces written before have no such columns and read as absent.
        Ram("multifd-bytes", r => r.MultifdBytes, (r, v) => r with { MultifdBytes = v }),
        Xbzrle("xbzrle-cache-size", x => x.CacheSizeBytes, (x, v) => x with { CacheSizeBytes = v }),
        Xbzrle("xbzrle-bytes", x => x.Bytes, (x, v) => x with { Bytes = v }),
        Xbzrle("xbzrle-pages", x => x.Pages, (x, v) => x with { Pages = v }),
        Xbzrle("xbzrle-cache-miss", x => x.CacheMiss, (x, v) => x with { CacheMiss = v }),
        Xbzrle("xbzrle-overflow", x => x.Overflow, (x, v) => x with { Overflow = v }),
        Top("dirty-limit-throttle-time-per-round", i => i.DirtyLimitThrottleTimePerRoundUs, (i, v) => i with { DirtyLimitThrottleTimePerRoundUs = v }),
        Top("dirty-limit-ring-full-time", i => i.DirtyLimitRingFullTimeUs, (i, v) => i with { DirtyLimitRingFullTimeUs = v }),
    ];

    public static IEnumerable<string> Header => Fields.Select(f => f.Name).Prepend(ElapsedMs);

    private static TraceColumn Top(string name, Func<MigrationInfo, long?> get, Func<MigrationInfo, long, MigrationInfo> set) =>
        new(name, i => Format(get(i)), (i, s) => set(i, ParseLong(s)));

    private static TraceColumn Ram(string name, Func<MigrationRamStats, long?> get, Func<MigrationRamStats, long, MigrationRamStats> set) =>
        new(name, i => i.Ram is null ? null : Format(get(i.Ram)), (i, s) => i with { Ram = set(i.Ram ?? new MigrationRamStats(), ParseLong(s)) });

    private static TraceColumn Xbzrle(string name, Func<XbzrleCacheStats, long?> get, Func<XbzrleCacheStats, long, XbzrleCacheStats> set) =>
        new(name, i => i.Xbzrle is null ? null : Format(get(i.Xbzrle)), (i, s) => i with { Xbzrle = set(i.Xbzrle ?? new XbzrleCacheStats(), ParseLong(s)) });

    private static string? Format(long? v) => v?.ToString(CultureInfo.InvariantCulture);

    internal static long ParseLong(string s) => long.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
}
