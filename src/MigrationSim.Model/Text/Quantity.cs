using System.Globalization;

namespace MigrationSim.Model.Text;

/// <summary>
/// Numbers with units for people: binary prefixes for bytes, a unit chosen by magnitude for time.
/// Invariant culture, so the same value reads the same on every machine. Summaries, workload
/// descriptions and tables use it; files (CSV) keep plain numbers in fixed units instead.
/// </summary>
public static class Quantity
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>"512 B", "1.00 GiB", "37.5 GiB": binary prefixes, three significant digits.</summary>
    public static string Bytes(double bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
        double v = bytes;
        int i = 0;
        while (Math.Abs(v) >= 1024 && i < units.Length - 1) { v /= 1024; i++; }
        return i == 0 ? $"{v.ToString("0", C)} B" : $"{v.ToString(v >= 100 ? "0.0" : "0.00", C)} {units[i]}";
    }

    /// <summary>A duration given in ms: "850 us", "34 ms", "11.44 s", "5.0 min"; "n/a" for NaN.</summary>
    public static string Milliseconds(double ms)
    {
        if (double.IsNaN(ms)) return "n/a";
        if (Math.Abs(ms) >= 120_000) return $"{(ms / 60_000).ToString("0.0", C)} min";
        if (Math.Abs(ms) >= 1000) return $"{(ms / 1000).ToString("0.00", C)} s";
        if (Math.Abs(ms) >= 1) return $"{ms.ToString("0.#", C)} ms";
        return $"{(ms * 1000).ToString("0", C)} us";
    }

    /// <summary>A byte rate with its bit rate: "128.0 MiB/s (1.074 Gbit/s)"; "unlimited" for +infinity.</summary>
    public static string Rate(double bytesPerSecond) =>
        double.IsPositiveInfinity(bytesPerSecond) ? "unlimited" : $"{Bytes(bytesPerSecond)}/s ({(bytesPerSecond * 8 / 1e9).ToString("0.###", C)} Gbit/s)";

    /// <summary>A count: "5000", "20.5k", "1.25M".</summary>
    public static string Count(double n) =>
        Math.Abs(n) >= 1e6 ? $"{(n / 1e6).ToString("0.##", C)}M" : Math.Abs(n) >= 1e4 ? $"{(n / 1e3).ToString("0.#", C)}k" : n.ToString("0", C);
}
