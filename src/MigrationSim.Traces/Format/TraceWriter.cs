using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MigrationSim.Traces.Format;

/// <summary>Writes trace.csv and summary.json (invariant culture, LF line ends, empty cell = field absent).</summary>
public static class TraceWriter
{
    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never,
    };

    public static string FormatCsv(IEnumerable<CapturedSample> samples)
    {
        var sb = new StringBuilder();
        sb.Append(string.Join(',', TraceColumns.Header)).Append('\n');
        foreach (var s in samples)
        {
            sb.Append(s.ElapsedMs.ToString(CultureInfo.InvariantCulture));
            foreach (var column in TraceColumns.Fields)
                sb.Append(',').Append(Escape(column.Format(s.Info)));
            sb.Append('\n');
        }

        return sb.ToString();
    }

    public static string FormatSummary(CaptureSummary summary) => JsonSerializer.Serialize(summary, JsonOptions) + "\n";

    // Only status/strings could hold a comma or quote; QEMU's never do, but a trace must stay parseable.
    private static string Escape(string? cell) =>
        cell is null ? "" : cell.IndexOfAny([',', '"', '\n', '\r']) < 0 ? cell : "\"" + cell.Replace("\"", "\"\"") + "\"";
}
