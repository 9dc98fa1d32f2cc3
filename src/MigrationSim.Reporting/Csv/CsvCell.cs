using System.Globalization;

namespace MigrationSim.Reporting.Csv;

/// <summary>Cell formatting shared by every table: invariant culture, no trailing zeros.</summary>
public static class CsvCell
{
    public static string Num(double v, string format = "0.###") =>
        double.IsNaN(v) ? "" : v.ToString(format, CultureInfo.InvariantCulture);

    public static string Num(long v) => v.ToString(CultureInfo.InvariantCulture);

    public static string Num(ulong v) => v.ToString(CultureInfo.InvariantCulture);

    public static string? Num(long? v) => v is { } x ? Num(x) : null;

    public static string? Num(double? v) => v is { } x ? Num(x) : null;
}
