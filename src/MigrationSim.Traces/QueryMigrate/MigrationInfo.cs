using System.Text.Json;

namespace MigrationSim.Traces.QueryMigrate;

/// <summary>
/// The reply of query-migrate (QEMU 7.2 MigrationInfo plus its "ram" MigrationStats), with
/// every member optional because QEMU omits members that do not apply yet (e.g. no "ram"
/// during setup, no "downtime" before completion). Times are in milliseconds, as QEMU reports them.
/// </summary>
public sealed record MigrationInfo
{
    /// <summary>setup, active, postcopy-active, completed, failed, cancelled, ... or null before any migration.</summary>
    public string? Status { get; init; }
    public long? TotalTimeMs { get; init; }
    public long? DowntimeMs { get; init; }
    public long? ExpectedDowntimeMs { get; init; }
    public long? SetupTimeMs { get; init; }
    public long? CpuThrottlePercentage { get; init; }

    /// <summary>QEMU's explanation when Status is "failed".</summary>
    public string? ErrorDesc { get; init; }

    /// <summary>Only on the destination, with the postcopy-blocktime capability.</summary>
    public long? PostcopyBlocktimeMs { get; init; }

    /// <summary>Absent during setup.</summary>
    public MigrationRamStats? Ram { get; init; }

    /// <summary>Only with the xbzrle capability.</summary>
    public XbzrleCacheStats? Xbzrle { get; init; }

    /// <summary>QEMU 8.1+ with dirty-limit: the longest vCPU throttle per dirty-ring-full round, µs.</summary>
    public long? DirtyLimitThrottleTimePerRoundUs { get; init; }

    /// <summary>QEMU 8.1+ with dirty-limit: the estimated time to fill the dirty ring, µs.</summary>
    public long? DirtyLimitRingFullTimeUs { get; init; }

    public bool IsTerminal => Status is "completed" or "failed" or "cancelled";

    public static MigrationInfo FromJson(JsonElement reply)
    {
        if (reply.ValueKind != JsonValueKind.Object)
            throw new FormatException($"query-migrate reply is a {reply.ValueKind}, not an object");
        return new MigrationInfo
        {
            Status = String(reply, "status"),
            TotalTimeMs = Int(reply, "total-time"),
            DowntimeMs = Int(reply, "downtime"),
            ExpectedDowntimeMs = Int(reply, "expected-downtime"),
            SetupTimeMs = Int(reply, "setup-time"),
            CpuThrottlePercentage = Int(reply, "cpu-throttle-percentage"),
            ErrorDesc = String(reply, "error-desc"),
            PostcopyBlocktimeMs = Int(reply, "postcopy-blocktime"),
            Ram = reply.TryGetProperty("ram", out var ram) ? MigrationRamStats.FromJson(ram) : null,
            Xbzrle = reply.TryGetProperty("xbzrle-cache", out var x) && x.ValueKind == JsonValueKind.Object ? XbzrleCacheStats.FromJson(x) : null,
            DirtyLimitThrottleTimePerRoundUs = Int(reply, "dirty-limit-throttle-time-per-round"),
            DirtyLimitRingFullTimeUs = Int(reply, "dirty-limit-ring-full-time"),
        };
    }

    internal static string? String(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    internal static long? Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number
            ? (v.TryGetInt64(out var l) ? l : (long)v.GetDouble())
            : null;

    internal static double? Real(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
}
