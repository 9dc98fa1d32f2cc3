using System.Globalization;

namespace MigrationSim.Reporting.Text;

/// <summary>Numbers with units for people: binary prefixes for bytes, a unit chosen by magnitude for time.</summary>
public static class Quantity
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string Bytes(double bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
        double v = bytes;
        int i = 0;
        while (Math.Abs(v) >= 1024 && i < units.Length - 1) { v /= 1024; i++; }
        return i == 0 ? $"{v.ToString("0", C)} B" : $"{v.ToString(v >= 100 ? "0.0" : "0.00", C)} {units[i]}";
    }

    public static string Milliseconds(double ms)
    {
        if (double.IsNaN(ms)) return "n/a";
        if (Math.Abs(ms) >= 120_000) return $"{(ms / 60_000).ToString("0.0", C)} min";
        if (Math.Abs(ms) >= 1000) return $"{(ms / 1000).ToString("0.00", C)} s";
        if (Math.Abs(ms) >= 1) return $"{ms.ToString("0.#", C)} ms";
        return $"{(ms * 1000).ToString("0", C)} us";
    }

    public static string Rate(double bytesPerSecond) =>
        double.IsPositiveInfinity(bytesPerSecond) ? "unlimited" : $"{Bytes(bytesPerSecond)}/s ({(bytesPerSecond * 8 / 1e9).ToString("0.###", C)} Gbit/s)";

    public static string Count(double n) =>
        Math.Abs(n) >= 1e6 ? $"{(n / 1e6).ToString("0.##", C)}M" : Math.Abs(n) >= 1e4 ? $"{(n / 1e3).ToString("0.#", C)}k" : n.ToString("0", C);
}
