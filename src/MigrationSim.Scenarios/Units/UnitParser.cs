using System.Globalization;
using System.Text.RegularExpressions;
using MigrationSim.Scenarios.Limits;

namespace MigrationSim.Scenarios.Units;

/// <summary>
/// Quantities as people write them: sizes ("8GiB", "4 KiB", "125MB"), rates ("10Gbit/s",
/// "125MB/s", "128MiB/s", "1Gbps"), durations ("300ms", "2s", "1.5min") and page-write rates
/// ("20000 pages/s", "20k pages/s", or a byte rate). Each parser returns null with the reason
/// in its <c>error</c> argument instead of throwing, so the caller can name the file and key.
/// No quantity is negative, and each stays within the bounds of <see cref="InputLimits"/>.
/// </summary>
public static partial class UnitParser
{
    /// <summary>Size units, for error messages.</summary>
    public const string SizeUnits = "B, KiB, MiB, GiB, TiB (powers of 1024; K, M, G, T too), KB, MB, GB, TB (powers of 1000)";
    /// <summary>Rate units, for error messages.</summary>
    public const string RateUnits = "B/s, KB/s, MB/s, GB/s, KiB/s, MiB/s, GiB/s, bit/s, kbit/s, Mbit/s, Gbit/s, Kbps, Mbps, Gbps, or 'unlimited'";
    /// <summary>Duration units, for error messages.</summary>
    public const string DurationUnits = "ns, us, ms, s, min, h";
    /// <summary>Page-rate forms, for error messages.</summary>
    public const string PageRateUnits = "pages/s (with an optional k or M: '20k pages/s') or a byte rate such as '80MiB/s'";

    /// <summary>Longest text read as a quantity.</summary>
    public const int MaxQuantityChars = 100;

    [GeneratedRegex(@"^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*([A-Za-zµ/ ]*?)\s*$")]
    private static partial Regex NumberAndUnit();

    private static readonly Dictionary<string, double> SizeFactors = new(StringComparer.OrdinalIgnoreCase)
    {
        ["B"] = 1,
        ["KiB"] = 1L << 10, ["MiB"] = 1L << 20, ["GiB"] = 1L << 30, ["TiB"] = 1L << 40,
        ["K"] = 1L << 10, ["M"] = 1L << 20, ["G"] = 1L << 30, ["T"] = 1L << 40,
        ["KB"] = 1e3, ["MB"] = 1e6, ["GB"] = 1e9, ["TB"] = 1e12,
    };

    private static readonly Dictionary<string, double> DurationFactors = new(StringComparer.Ordinal)
    {
        ["ns"] = 1, ["us"] = 1e3, ["µs"] = 1e3, ["ms"] = 1e6, ["s"] = 1e9, ["min"] = 60e9, ["h"] = 3600e9,
    };

    // Case matters for rates: "Mb/s" is megabits, "MB/s" megabytes.
    private static readonly Dictionary<string, double> RateFactors = new(StringComparer.Ordinal)
    {
        ["B/s"] = 1, ["KB/s"] = 1e3, ["kB/s"] = 1e3, ["MB/s"] = 1e6, ["GB/s"] = 1e9, ["TB/s"] = 1e12,
        ["KiB/s"] = 1L << 10, ["MiB/s"] = 1L << 20, ["GiB/s"] = 1L << 30, ["TiB/s"] = 1L << 40,
        ["bit/s"] = 1 / 8.0, ["kbit/s"] = 1e3 / 8, ["Kbit/s"] = 1e3 / 8, ["Mbit/s"] = 1e6 / 8, ["Gbit/s"] = 1e9 / 8, ["Tbit/s"] = 1e12 / 8,
        ["b/s"] = 1 / 8.0, ["kb/s"] = 1e3 / 8, ["Kb/s"] = 1e3 / 8, ["Mb/s"] = 1e6 / 8, ["Gb/s"] = 1e9 / 8,
        ["bps"] = 1 / 8.0, ["kbps"] = 1e3 / 8, ["Kbps"] = 1e3 / 8, ["Mbps"] = 1e6 / 8, ["Gbps"] = 1e9 / 8, ["Tbps"] = 1e12 / 8,
    };

    private static readonly Dictionary<string, double> PageRateFactors = new(StringComparer.Ordinal)
    {
        ["pages/s"] = 1, ["page/s"] = 1, ["k pages/s"] = 1e3, ["kpages/s"] = 1e3, ["M pages/s"] = 1e6, ["Mpages/s"] = 1e6,
    };

    /// <summary>A size in bytes (rounded to a whole byte).</summary>
    public static long? ParseSize(string text, out string error)
    {
        if (!Split(text, out double value, out string unit, out error)) return null;
        if (unit.Length == 0) { error = $"'{Excerpt.Of(text)}' has no unit; write a number and one of: {SizeUnits} (e.g. '8GiB')"; return null; }
        if (!SizeFactors.TryGetValue(unit, out double f)) { error = $"'{Excerpt.Of(unit)}' is not a size unit; use one of: {SizeUnits}"; return null; }
        double bytes = value * f;
        if (!Within(text, bytes, InputLimits.MaxSizeBytes, "1 EiB", out error)) return null;
        return (long)Math.Round(bytes);
    }

    /// <summary>A rate in bytes per second; +infinity for "unlimited".</summary>
    public static double? ParseRate(string text, out string error)
    {
        if (string.Equals(text.Trim(), "unlimited", StringComparison.OrdinalIgnoreCase)) { error = ""; return double.PositiveInfinity; }
        if (!Split(text, out double value, out string unit, out error)) return null;
        string u = unit.Replace(" ", "");
        if (u.Length == 0) { error = $"'{Excerpt.Of(text)}' has no unit; write a number and one of: {RateUnits} (e.g. '10Gbit/s')"; return null; }
        if (!RateFactors.TryGetValue(u, out double f)) { error = $"'{Excerpt.Of(unit)}' is not a rate unit; use one of: {RateUnits}"; return null; }
        double rate = value * f;
        return Within(text, rate, InputLimits.MaxBytesPerSecond, "1 PB/s (or 'unlimited')", out error) ? rate : null;
    }

    /// <summary>A duration in nanoseconds.</summary>
    public static long? ParseDuration(string text, out string error)
    {
        if (!Split(text, out double value, out string unit, out error)) return null;
        if (unit.Length == 0) { error = $"'{Excerpt.Of(text)}' has no unit; write a number and one of: {DurationUnits} (e.g. '300ms')"; return null; }
        if (!DurationFactors.TryGetValue(unit, out double f)) { error = $"'{Excerpt.Of(unit)}' is not a duration unit; use one of: {DurationUnits}"; return null; }
        double ns = value * f;
        if (!Within(text, ns, InputLimits.MaxDuration.Nanoseconds, "10000h", out error)) return null;
        return (long)Math.Round(ns);
    }

    /// <summary>Page writes per second; a byte rate is divided by the page size.</summary>
    public static double? ParsePageRate(string text, int pageSizeBytes, out string error)
    {
        if (!Split(text, out double value, out string unit, out error)) return null;
        double? rate = PageRateFactors.TryGetValue(unit, out double f) ? value * f
            : unit.Length > 0 && RateFactors.TryGetValue(unit.Replace(" ", ""), out double rf) ? value * rf / pageSizeBytes
            : null;
        if (rate is { } r) return Within(text, r, InputLimits.MaxPagesPerSecond, "1G pages/s", out error) ? r : null;
        error = unit.Length == 0
            ? $"'{Excerpt.Of(text)}' has no unit; write {PageRateUnits}"
            : $"'{Excerpt.Of(unit)}' is not a page-rate unit; use {PageRateUnits}";
        return null;
    }

    private static bool Within(string text, double value, double max, string maxText, out string error)
    {
        error = value < 0 ? $"'{Excerpt.Of(text)}' is negative; it must be zero or more"
            : value > max ? $"'{Excerpt.Of(text)}' is more than {maxText}, the largest allowed"
            : "";
        return error.Length == 0;
    }

    private static bool Split(string text, out double value, out string unit, out string error)
    {
        value = 0;
        unit = "";
        error = "";
        // A quantity is short; a long text would only make the pattern backtrack for nothing.
        var m = (text ?? "").Length <= MaxQuantityChars ? NumberAndUnit().Match(text ?? "") : Match.Empty;
        if (!m.Success || !double.TryParse(m.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            error = $"'{Excerpt.Of(text)}' is not a number followed by a unit";
            return false;
        }
        // 1e999 parses as infinity: a typed number is never that.
        if (!double.IsFinite(value))
        {
            error = $"'{Excerpt.Of(text)}': the number is too large";
            return false;
        }
        unit = m.Groups[2].Value.Trim();
        return true;
    }
}
