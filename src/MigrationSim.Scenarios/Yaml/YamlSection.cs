using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace MigrationSim.Scenarios.Yaml;

/// <summary>
/// A YAML mapping read key by key, remembering which keys were asked for, so that anything
/// else in the file is reported as unknown, with its line, the keys allowed there and the
/// nearest spelling. Every error names the file, line, column and dotted key.
/// </summary>
public sealed class YamlSection
{
    private readonly YamlMappingNode _node;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    public YamlSection(YamlMappingNode node, string file, string path)
    {
        _node = node;
        File = file;
        Path = path;
    }

    public string File { get; }
    public string Path { get; }
    public YamlMappingNode Node => _node;

    public string KeyPath(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public bool Has(string key)
    {
        _known.Add(key);
        return Find(key) is not null;
    }

    /// <summary>The scalar at <paramref name="key"/>, or null when absent.</summary>
    public YamlScalarNode? Scalar(string key)
    {
        _known.Add(key);
        var value = Find(key);
        if (value is null) return null;
        if (value is YamlScalarNode s) return s;
        throw Error(value, key, "expected a single value here, not a list or a mapping");
    }

    public string? String(string key) => Scalar(key)?.Value;

    public string RequiredString(string key, string what) =>
        String(key) ?? throw Missing(key, what);

    /// <summary>Parses the value with <paramref name="parse"/> (which returns null and a reason on failure).</summary>
    public T? Parse<T>(string key, ParseFunc<T> parse) where T : struct
    {
        var s = Scalar(key);
        if (s is null) return null;
        var v = parse(s.Value ?? "", out string error);
        return v ?? throw Error(s, key, error);
    }

    public T Required<T>(string key, ParseFunc<T> parse, string what) where T : struct =>
        Parse(key, parse) ?? throw Missing(key, what);

    public bool? Bool(string key) => Parse<bool>(key, (string t, out string e) =>
    {
        e = $"'{t}' is not true or false";
        return t.Trim().ToLowerInvariant() switch { "true" or "yes" or "on" => true, "false" or "no" or "off" => false, _ => null };
    });

    public double? Number(string key, double min, double max) => Parse<double>(key, (string t, out string e) =>
    {
        e = "";
        if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)) { e = $"'{t}' is not a number"; return null; }
        if (v < min || v > max || double.IsNaN(v)) { e = $"{t} is out of range; allowed: {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}"; return null; }
        return v;
    });

    public long? Integer(string key, long min, long max) => Parse<long>(key, (string t, out string e) =>
    {
        e = "";
        if (!long.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out long v)) { e = $"'{t}' is not a whole number"; return null; }
        if (v < min || v > max) { e = $"{t} is out of range; allowed: {min} to {max}"; return null; }
        return v;
    });

    /// <summary>One of <paramref name="allowed"/> (case-insensitive), or null when absent.</summary>
    public string? Choice(string key, params string[] allowed)
    {
        var s = Scalar(key);
        if (s is null) return null;
        string v = (s.Value ?? "").Trim().ToLowerInvariant();
        if (!allowed.Contains(v)) throw Error(s, key, $"'{s.Value}' is not allowed; allowed values: {string.Join(", ", allowed)}");
        return v;
    }

    public YamlSection? Section(string key)
    {
        _known.Add(key);
        var value = Find(key);
        if (value is null) return null;
        if (value is YamlMappingNode m) return new YamlSection(m, File, KeyPath(key));
        if (value is YamlScalarNode { Value: null or "" or "~" or "null" }) return null;
        throw Error(value, key, "expected a mapping of keys and values here");
    }

    /// <summary>A list of plain values ("[a, b]" or lines starting with '- '); empty when absent.</summary>
    public IReadOnlyList<string> ScalarList(string key)
    {
        _known.Add(key);
        var value = Find(key);
        if (value is null || value is YamlScalarNode { Value: null or "" or "~" or "null" }) return [];
        if (value is not YamlSequenceNode seq) throw Error(value, key, "expected a list here ([a, b] or lines starting with '- ')");
        return seq.Children.Select((item, i) => item is YamlScalarNode s ? s.Value ?? "" : throw Error(item, $"{key}[{i}]", "expected a plain value")).ToList();
    }

    public IReadOnlyList<YamlSection> SectionList(string key)
    {
        _known.Add(key);
        var value = Find(key);
        if (value is null) return [];
        if (value is not YamlSequenceNode seq) throw Error(value, key, "expected a list here (lines starting with '- ')");
        var list = new List<YamlSection>();
        int i = 0;
        foreach (var item in seq.Children)
        {
            if (item is not YamlMappingNode m) throw Error(item, $"{key}[{i}]", "expected a mapping of keys and values");
            list.Add(new YamlSection(m, File, $"{KeyPath(key)}[{i}]"));
            i++;
        }
        return list;
    }

    /// <summary>Fails on the first key that nothing asked for.</summary>
    public void RejectUnknownKeys()
    {
        foreach (var (k, _) in _node.Children)
        {
            string name = (k as YamlScalarNode)?.Value ?? k.ToString();
            if (_known.Contains(name)) continue;
            string allowed = string.Join(", ", _known.Order(StringComparer.Ordinal));
            string? near = _known.MinBy(a => Distance(a, name));
            string hint = near is not null && Distance(near, name) <= Math.Max(2, name.Length / 3) ? $" (did you mean '{near}'?)" : "";
            throw Error(k, name, $"unknown key{hint}; allowed keys{(Path.Length > 0 ? " in " + Path : "")}: {allowed}");
        }
    }

    public ScenarioException Error(YamlNode at, string key, string problem) =>
        new(File, (int)at.Start.Line, (int)at.Start.Column, KeyPath(key), problem);

    /// <summary>An error about this whole section, at its first line.</summary>
    public ScenarioException ErrorHere(string problem) =>
        new(File, (int)_node.Start.Line, (int)_node.Start.Column, Path, problem);

    public ScenarioException Missing(string key, string what) =>
        new(File, (int)_node.Start.Line, (int)_node.Start.Column, KeyPath(key), $"required key is missing; add '{key}: {what}'");

    private YamlNode? Find(string key)
    {
        foreach (var (k, v) in _node.Children)
            if (k is YamlScalarNode { Value: var name } && name == key)
                return v;
        return null;
    }

    /// <summary>Levenshtein distance, for "did you mean" hints.</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
        return d[a.Length, b.Length];
    }
}

public delegate T? ParseFunc<T>(string text, out string error) where T : struct;
