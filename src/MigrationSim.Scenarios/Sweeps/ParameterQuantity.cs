using MigrationSim.Scenarios.Units;

namespace MigrationSim.Scenarios.Sweeps;

/// <summary>
/// A swept value such as "64MiB/s" is kept as written in results.csv, and when it has a unit a
/// companion column "KEY [unit]" carries it as a number in one fixed unit (ms, MiB/s, pages/s,
/// MiB), so plots and notebooks need no unit parser. Write rates are in pages/s (a byte rate is
/// divided by the page size, as the scenario parser does).
/// </summary>
public static class ParameterQuantity
{
    /// <summary>Durations.</summary>
    public const string Milliseconds = "ms";
    /// <summary>Byte rates.</summary>
    public const string MebibytesPerSecond = "MiB/s";
    /// <summary>Page-write rates.</summary>
    public const string PagesPerSecond = "pages/s";
    /// <summary>Sizes.</summary>
    public const string Mebibytes = "MiB";

    /// <summary>The companion unit for an axis, or null when its values are plain numbers or words.</summary>
    public static string? UnitFor(string key, IEnumerable<string> labels, int pageSizeBytes)
    {
        foreach (string label in labels)
        {
            if (double.TryParse(label, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)) continue;
            if (Convert(key, label, pageSizeBytes, out string unit) is not null) return unit;
        }
        return null;
    }

    /// <summary>The value of <paramref name="label"/> in <paramref name="unit"/>, or null when it does not parse as one.</summary>
    public static double? In(string unit, string key, string label, int pageSizeBytes) =>
        Convert(key, label, pageSizeBytes, out string u) is { } v && u == unit ? v : null;

    private static double? Convert(string key, string label, int pageSizeBytes, out string unit)
    {
        unit = "";
        if (key.EndsWith(".rate", StringComparison.Ordinal) || key == "rate")
        {
            unit = PagesPerSecond;
            return UnitParser.ParsePageRate(label, pageSizeBytes, out _);
        }
        if (UnitParser.ParseDuration(label, out _) is { } ns) { unit = Milliseconds; return ns / 1e6; }
        if (UnitParser.ParseRate(label, out _) is { } bps && !double.IsInfinity(bps)) { unit = MebibytesPerSecond; return bps / (1 << 20); }
        if (UnitParser.ParseSize(label, out _) is { } bytes) { unit = Mebibytes; return bytes / (double)(1 << 20); }
        return null;
    }
}
