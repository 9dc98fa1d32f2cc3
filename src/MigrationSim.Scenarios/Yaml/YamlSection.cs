using System.Globalization;
using MigrationSim.Scenarios.Limits;
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
    private string[]? _schema;

    /// <summary>The mapping <paramref name="node"/> of <paramref name="file"/> at dotted <paramref name="path"/> ("" for the root).</summary>
    public YamlSection(YamlMappingNode node, string file, string path)
    {
        _node = node;
        File = file;
        Path = path;
    }

    /// <summary>The file it comes from.</summary>
    public string File { get; }
    /// <summary>Its dotted path ("" for the root).</summary>
    public string Path { get; }
    /// <summary>The mapping.</summary>
    public YamlMappingNode Node => _node;

    /// <summary>The dotted path of <paramref name="key"/> here.</summary>
    public string KeyPath(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    /// <summary>
    /// Every key this section may hold, whichever are read: named when a required key is missing
    /// and a key in the file looks like a misspelling of it.
    /// </summary>
    public YamlSection Expect(params string[] keys)
    {
        _schema = keys;
        return this;
    }

    /// <summary>The key is present (it counts as known from now on).</summary>
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

    /// <summary>The value at <paramref name="key"/> as text, or null when absent.</summary>
    public string? String(string key) => Scalar(key)?.Value;

    /// <summary>The text at <paramref name="key"/>; missing is an error showing <paramref name="what"/> to write.</summary>
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

    /// <summary>The value at <paramref name="key"/> parsed with <paramref name="parse"/>; missing is an error showing <paramref name="what"/> to write.</summary>
    public T Required<T>(string key, ParseFunc<T> parse, string what) where T : struct =>
        Parse(key, parse) ?? throw Missing(key, what);

    /// <summary>true/false (also yes/no, on/off), or null when absent.</summary>
    public bool? Bool(string key) => Parse<bool>(key, (string t, out string e) =>
    {
        e = $"'{Excerpt.Of(t)}' is not true or false";
        return t.Trim().ToLowerInvariant() switch { "true" or "yes" or "on" => true, "false" or "no" or "off" => false, _ => null };
    });

    /// <summary>A number in [min, max], or null when absent.</summary>
    public double? Number(string key, double min, double max) => Parse<double>(key, (string t, out string e) =>
    {
        e = "";
        if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)) { e = $"'{Excerpt.Of(t)}' is not a number"; return null; }
        if (v < min || v > max || double.IsNaN(v)) { e = $"{Excerpt.Of(t)} is out of range; allowed: {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}"; return null; }
        return v;
    });

    /// <summary>A whole number in [min, max], or null when absent.</summary>
    public long? Integer(string key, long min, long max) => Parse<long>(key, (string t, out string e) =>
    {
        e = "";
        if (!long.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out long v))
        {
            e = ulong.TryParse(t.Trim().TrimStart('+'), NumberStyles.Integer, CultureInfo.InvariantCulture, out _) || LooksWhole(t)
                ? $"{Excerpt.Of(t)} is out of range; allowed: {min} to {max}"
                : $"'{Excerpt.Of(t)}' is not a whole number";
            return null;
        }
        if (v < min || v > max) { e = $"{Excerpt.Of(t)} is out of range; allowed: {min} to {max}"; return null; }
        return v;
    });

    /// <summary>A whole number from 0 to 2^64-1 (seeds: sweeps derive and write such seeds).</summary>
    public ulong? UnsignedInteger(string key) => Parse<ulong>(key, (string t, out string e) =>
    {
        e = "";
        if (ulong.TryParse(t.Trim().TrimStart('+'), NumberStyles.Integer, CultureInfo.InvariantCulture, out ulong v)) return v;
        e = LooksWhole(t)
            ? $"{Excerpt.Of(t)} is out of range; allowed: 0 to {ulong.MaxValue}"
            : $"'{Excerpt.Of(t)}' is not a whole number from 0 to {ulong.MaxValue}";
        return null;
    });

    private static bool LooksWhole(string t)
    {
        var s = t.Trim().AsSpan();
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+')) s = s[1..];
        return s.Length > 0 && !s.ContainsAnyExceptInRange('0', '9');
    }

    /// <summary>One of <paramref name="allowed"/> (case-insensitive), or null when absent.</summary>
    public string? Choice(string key, params string[] allowed)
    {
        var s = Scalar(key);
        if (s is null) return null;
        string v = (s.Value ?? "").Trim().ToLowerInvariant();
        if (!allowed.Contains(v)) throw Error(s, key, $"'{Excerpt.Of(s.Value)}' is not allowed; allowed values: {string.Join(", ", allowed)}");
        return v;
    }

    /// <summary>The mapping at <paramref name="key"/>, or null when absent.</summary>
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

    /// <summary>The list of mappings at <paramref name="key"/> (empty when absent); item k's path is KEY[k].</summary>
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
            string name = Name(k);
            if (_known.Contains(name)) continue;
            throw Unknown(k, name, _known);
        }
    }

    private ScenarioException Unknown(YamlNode at, string name, IEnumerable<string> allowedKeys)
    {
        var allowed = allowedKeys.Distinct().Order(StringComparer.Ordinal).ToList();
        string hint = Suggestions.NearestName.Suggest(name, allowed) is { } near ? $" (did you mean '{near}'?)" : "";
        return new ScenarioException(File, (int)at.Start.Line, (int)at.Start.Column, KeyPath(Excerpt.Of(name)),
            $"unknown key{hint}; allowed keys{(Path.Length > 0 ? " in " + Path : "")}: {string.Join(", ", allowed)}");
    }

    private static bool IsNear(string a, string b) => Suggestions.NearestName.Distance(a, b) <= Math.Max(2, b.Length / 3);

    private static string Name(YamlNode key) => (key as YamlScalarNode)?.Value ?? key.ToString();

    /// <summary>An error at node <paramref name="at"/> about <paramref name="key"/>.</summary>
    public ScenarioException Error(YamlNode at, string key, string problem) =>
        new(File, (int)at.Start.Line, (int)at.Start.Column, KeyPath(key), problem);

    /// <summary>An error about this whole section, at its first line.</summary>
    public ScenarioException ErrorHere(string problem) =>
        new(File, (int)_node.Start.Line, (int)_node.Start.Column, Path, problem);

    /// <summary>
    /// A required key is absent. When a key nothing asked for looks like a misspelling of it
    /// ('memroy'), that key is reported instead, with the spelling it probably meant.
    /// </summary>
    public ScenarioException Missing(string key, string what)
    {
        foreach (var (k, _) in _node.Children)
        {
            string name = Name(k);
            if (!_known.Contains(name) && _schema?.Contains(name) != true && IsNear(key, name))
                return Unknown(k, name, [.. _schema ?? [], .. _known, key]);
        }
        return new(File, (int)_node.Start.Line, (int)_node.Start.Column, KeyPath(key), $"required key is missing; add '{key}: {what}'");
    }

    private YamlNode? Find(string key)
    {
        foreach (var (k, v) in _node.Children)
            if (k is YamlScalarNode { Value: var name } && name == key)
                return v;
        return null;
    }
}

/// <summary>Parses a value written in a scenario; null with the reason in <paramref name="error"/>.</summary>
public delegate T? ParseFunc<T>(string text, out string error) where T : struct;
