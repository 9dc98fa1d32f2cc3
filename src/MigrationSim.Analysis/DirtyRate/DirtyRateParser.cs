using System.Globalization;
using System.Text.Json;

namespace MigrationSim.Analysis.DirtyRate;

/// <summary>
/// Reads a guest's measured dirty rate from what the tools print:
/// <list type="bullet">
/// <item>QMP: a <c>query-dirty-rate</c> reply (<c>{"return": {"status": "measured", "dirty-rate": 108, "calc-time": 1, ...}}</c>),
/// its bare return object, or a whole QMP transcript (one JSON message per line, the last measured reply wins);
/// QEMU 8.2+ adds <c>calc-time-unit</c> ("second" or "millisecond").</item>
/// <item>libvirt: <c>virsh domstats --dirtyrate DOMAIN</c> after <c>virsh domdirtyrate-calc DOMAIN</c>
/// (<c>dirtyrate.megabytes_per_second=108</c>, <c>dirtyrate.calc_period=1</c>, <c>dirtyrate.calc_status=2</c>, ...).</item>
/// </list>
/// </summary>
public static class DirtyRateParser
{
    public static DirtyRateMeasurement ParseFile(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DirtyRateFormatException($"{path}: {e.Message}");
        }
        return Parse(text, path);
    }

    public static DirtyRateMeasurement Parse(string text, string source)
    {
        if (text.Contains("dirtyrate.", StringComparison.Ordinal)) return ParseVirsh(text, source);
        DirtyRateMeasurement? found = null;
        string? notMeasured = null;
        var lines = text.Split('\n');
        // One JSON document (pretty-printed or not), else one message per line (a transcript).
        var documents = new List<(int Line, JsonElement Doc)>();
        if (TryJson(text) is { } whole) documents.Add((1, whole));
        else
            for (int i = 0; i < lines.Length; i++)
                if (TryJson(lines[i]) is { } doc) documents.Add((i + 1, doc));
        foreach (var (line, doc) in documents)
        {
            var info = doc.ValueKind == JsonValueKind.Object && doc.TryGetProperty("return", out var ret) ? ret : doc;
            if (info.ValueKind != JsonValueKind.Object || !info.TryGetProperty("status", out var status) || !info.TryGetProperty("calc-time", out _))
                continue;
            if (status.GetString() != "measured" || !info.TryGetProperty("dirty-rate", out var rate))
            {
                notMeasured = $"{source}:{line}: query-dirty-rate status is '{status.GetString()}', not 'measured': query again once calc-time has passed";
                continue;
            }
            double calc = info.GetProperty("calc-time").GetDouble();
            if (info.TryGetProperty("calc-time-unit", out var unit) && unit.GetString() == "millisecond") calc /= 1000;
            string mode = info.TryGetProperty("mode", out var m) ? m.GetString() ?? "page-sampling" : "page-sampling";
            var vcpus = info.TryGetProperty("vcpu-dirty-rate", out var v) && v.ValueKind == JsonValueKind.Array
                ? v.EnumerateArray().Select(x => x.GetProperty("dirty-rate").GetDouble()).ToList()
                : [];
            found = Checked(new DirtyRateMeasurement(rate.GetDouble(), calc, mode, "QMP query-dirty-rate") { VcpuDirtyRatesMiBPerSecond = vcpus }, $"{source}:{line}");
            notMeasured = null;
        }
        return found ?? throw new DirtyRateFormatException(notMeasured
            ?? $"{source}: no dirty rate found: expected a QMP query-dirty-rate reply ({{\"return\": {{\"status\": \"measured\", \"dirty-rate\": ..., \"calc-time\": ...}}}}) or the output of 'virsh domstats --dirtyrate DOMAIN'");
    }

    private static DirtyRateMeasurement ParseVirsh(string text, string source)
    {
        var values = new Dictionary<string, (string Value, int Line)>();
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string l = lines[i].Trim();
            int eq = l.IndexOf('=');
            if (l.StartsWith("dirtyrate.", StringComparison.Ordinal) && eq > 0) values[l[..eq]] = (l[(eq + 1)..].Trim(), i + 1);
        }
        double Number(string key)
        {
            if (!values.TryGetValue(key, out var v))
                throw new DirtyRateFormatException($"{source}: '{key}=' is missing; run 'virsh domdirtyrate-calc DOMAIN' and, once it has finished, 'virsh domstats --dirtyrate DOMAIN'");
            return double.TryParse(v.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)
                ? d : throw new DirtyRateFormatException($"{source}:{v.Line}: {key}: '{v.Value}' is not a number");
        }
        // libvirt's calc_status: 0 unstarted, 1 measuring, 2 measured.
        if (values.ContainsKey("dirtyrate.calc_status") && Number("dirtyrate.calc_status") != 2)
            throw new DirtyRateFormatException($"{source}:{values["dirtyrate.calc_status"].Line}: dirtyrate.calc_status is {values["dirtyrate.calc_status"].Value} (0 unstarted, 1 measuring, 2 measured): ask again once the measurement has finished");
        var vcpus = values.Keys.Where(k => k.StartsWith("dirtyrate.vcpu.", StringComparison.Ordinal) && k.EndsWith(".megabytes_per_second", StringComparison.Ordinal))
            .Select(k => (Index: int.Parse(k.Split('.')[2], CultureInfo.InvariantCulture), Rate: Number(k))).OrderBy(x => x.Index).Select(x => x.Rate).ToList();
        string mode = values.TryGetValue("dirtyrate.calc_mode", out var mv) ? mv.Value : "page-sampling";
        return Checked(new DirtyRateMeasurement(Number("dirtyrate.megabytes_per_second"), Number("dirtyrate.calc_period"), mode, "virsh domstats --dirtyrate")
            { VcpuDirtyRatesMiBPerSecond = vcpus }, source);
    }

    private static DirtyRateMeasurement Checked(DirtyRateMeasurement m, string where)
    {
        if (!(m.DirtyRateMiBPerSecond >= 0) || double.IsInfinity(m.DirtyRateMiBPerSecond))
            throw new DirtyRateFormatException($"{where}: dirty rate {m.DirtyRateMiBPerSecond} MiB/s: must be a finite number, zero or more");
        if (!(m.CalcTimeSeconds > 0) || double.IsInfinity(m.CalcTimeSeconds))
            throw new DirtyRateFormatException($"{where}: calc-time {m.CalcTimeSeconds} s: must be greater than zero");
        return m;
    }

    private static JsonElement? TryJson(string text)
    {
        string t = text.Trim();
        if (t.Length == 0 || t[0] != '{') return null;
        try
        {
            using var doc = JsonDocument.Parse(t);
            return doc.RootElement.Clone();
        }
        catch (JsonException) { return null; }
    }
}
