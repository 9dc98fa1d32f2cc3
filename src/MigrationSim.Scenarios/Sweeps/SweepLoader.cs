using MigrationSim.Scenarios.Limits;
using MigrationSim.Scenarios.Yaml;
using YamlDotNet.RepresentationModel;

namespace MigrationSim.Scenarios.Sweeps;

/// <summary>
/// Reads a sweep file (see docs/sweeps.md):
/// <code>
/// base: ../quickstart.yaml          # or an inline scenario mapping
/// replications: 3                   # runs per point, each with its own derived seed
/// axes:
///   - key: migration.policy
///     values: [precopy, postcopy, hybrid]
///     set: { hybrid: { migration.switch: { after-iterations: 2 } } }
///   - key: migration.max-bandwidth
///     range: { from: 16MiB/s, to: 128MiB/s, steps: 4, scale: log }
/// zip: [[workload.rate, network.latency]]   # optional: these advance together
/// set: { migration.max-time: 2min }          # optional: keys set on every point
/// </code>
/// Errors are <see cref="ScenarioException"/>s naming the sweep file, line and key.
/// </summary>
public static class SweepLoader
{
    private static readonly string[] RootKeys = ["name", "description", "replications", "seed", "base", "axes", "set", "zip"];

    /// <summary>Reads a sweep file.</summary>
    public static SweepDefinition LoadFile(string path) => Parse(YamlFile.Read(path, "sweep file"), path);

    /// <summary>Parses sweep YAML <paramref name="text"/>; <paramref name="file"/> names it in errors and locates a relative base.</summary>
    public static SweepDefinition Parse(string text, string file)
    {
        var rootNode = ScenarioLoader.LoadRoot(text, file);
        var root = new YamlSection(rootNode, file, "").Expect(RootKeys);
        string name = ScenarioLoader.Name(root, file);
        root.String("description");
        long replications = root.Integer("replications", 1, InputLimits.MaxRuns) ?? 1;
        ulong? seed = root.UnsignedInteger("seed");

        root.Has("base");
        var baseNode = Child(rootNode, "base") ?? throw root.Missing("base", "../quickstart.yaml   (a scenario file, relative to this sweep file, or an inline scenario mapping)");
        string baseFile, baseText;
        Func<YamlMappingNode> loadBase;
        switch (baseNode)
        {
            case YamlScalarNode { Value: { Length: > 0 } rel }:
                baseFile = Path.Combine(Path.GetDirectoryName(file) ?? "", rel);
                try { baseText = YamlFile.Read(baseFile, "base scenario"); }
                catch (ScenarioException e)
                {
                    throw root.Error(baseNode, "base", $"cannot use the base scenario: {e.Message}");
                }
                ScenarioLoader.LoadRoot(baseText, baseFile); // syntax errors now, once
                loadBase = YamlRecording.Of(baseText).LoadRoot;
                break;
            case YamlMappingNode:
                // Inline: a fresh tree of the sweep file, taking its 'base' mapping, so lines are the sweep file's.
                baseFile = file;
                baseText = text;
                var sweepFile = YamlRecording.Of(text);
                loadBase = () => (YamlMappingNode)Child(sweepFile.LoadRoot(), "base")!;
                break;
            default:
                throw root.Error(baseNode, "base", "expected a scenario file path or an inline scenario mapping");
        }

        root.Has("axes");
        var axesNode = Child(rootNode, "axes");
        var axes = new List<SweepAxis>();
        if (axesNode is YamlSequenceNode)
        {
            var list = root.SectionList("axes");
            foreach (var a in list) axes.Add(ParseAxis(a));
        }
        else if (axesNode is not null && axesNode is not YamlScalarNode { Value: null or "" or "~" })
            throw root.Error(axesNode, "axes", "expected a list of axes, each '- key: migration.max-bandwidth' with 'values: [...]' or 'range: {...}'");
        var dup = axes.GroupBy(a => a.Key).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null)
        {
            var second = dup.Skip(1).First();
            throw new ScenarioException(file, second.Line, second.Column, $"axes.{dup.Key}", "this key already has an axis; give each key one axis (use values: for several values)");
        }

        var set = new List<SweepSetting>();
        if (root.Section("set") is { } fixedKeys)
        {
            foreach (var (k, v) in fixedKeys.Node.Children)
            {
                string key = DottedKey(fixedKeys, k);
                fixedKeys.Has(key);
                set.Add(new SweepSetting(key, IsNull(v) ? null : v, (int)k.Start.Line, (int)k.Start.Column));
            }
        }

        var groups = ParseZip(root, rootNode, axes);
        root.RejectUnknownKeys();

        return new SweepDefinition
        {
            Name = name,
            File = file,
            LoadBase = loadBase,
            BaseFile = baseFile,
            BaseText = baseText,
            Axes = axes,
            Set = set,
            Groups = groups,
            Replications = (int)replications,
            Seed = seed,
            AxesLine = axesNode is null ? 0 : (int)axesNode.Start.Line,
            AxesColumn = axesNode is null ? 0 : (int)axesNode.Start.Column,
        };
    }

    /// <summary>A key of a set: mapping, which must be a dotted scenario key (a scalar).</summary>
    private static string DottedKey(YamlSection set, YamlNode key) =>
        key is YamlScalarNode { Value: { Length: > 0 } k } && !k.Split('.').Any(p => p.Length == 0)
            ? k
            : throw new ScenarioException(set.File, (int)key.Start.Line, (int)key.Start.Column, set.Path,
                $"'{Excerpt.Of(key.ToString())}' is not a dotted scenario key such as migration.max-time");

    private static SweepAxis ParseAxis(YamlSection a)
    {
        a.Expect("key", "values", "range", "set");
        var keyNode = a.Scalar("key") ?? throw a.Missing("key", "migration.max-bandwidth   (a scenario key as a dotted path)");
        string key = keyNode.Value?.Trim() ?? "";
        if (key.Length == 0 || key.Split('.').Any(p => p.Length == 0))
            throw a.Error(keyNode, "key", $"'{Excerpt.Of(key)}' is not a dotted scenario key such as migration.max-bandwidth");
        int line = (int)keyNode.Start.Line, col = (int)keyNode.Start.Column;

        a.Has("values");
        var valuesNode = Child(a.Node, "values");
        var range = a.Section("range")?.Expect("from", "to", "steps", "scale");
        if (valuesNode is not null && range is not null)
            throw a.ErrorHere("give either 'values:' or 'range:', not both");
        var values = new List<(string Label, YamlNode? Node)>();
        if (valuesNode is YamlSequenceNode vs)
        {
            foreach (var v in vs.Children)
                values.Add((YamlPath.Label(v), IsNull(v) ? null : v));
        }
        else if (valuesNode is not null)
            throw a.Error(valuesNode, "values", "expected a list, e.g. values: [32MiB/s, 128MiB/s]");
        else if (range is not null)
        {
            string from = range.RequiredString("from", "16MiB/s");
            string to = range.RequiredString("to", "128MiB/s");
            long steps = range.Integer("steps", long.MinValue, InputLimits.MaxRuns) ?? throw range.Missing("steps", "5");
            bool log = range.Choice("scale", "linear", "log") == "log";
            range.RejectUnknownKeys();
            var texts = NumericRange.Values(from, to, steps, log, out string error)
                ?? throw range.ErrorHere(error);
            foreach (var t in texts) values.Add((t, new YamlScalarNode(t)));
        }
        else
            throw a.Missing("values", "[a, b, c]   (or range: { from: 16MiB/s, to: 128MiB/s, steps: 4 })");
        if (values.Count == 0)
            throw a.Error(valuesNode ?? a.Node, "values", "the list is empty; an axis needs at least one value");

        // set: { <value label>: { dotted.key: value, ... } } adds keys a value needs.
        var also = new Dictionary<string, List<SweepSetting>>(StringComparer.Ordinal);
        var set = a.Section("set");
        if (set is not null)
        {
            foreach (var (k, v) in set.Node.Children)
            {
                string label = (k as YamlScalarNode)?.Value ?? "";
                set.Has(label);
                if (!values.Any(x => x.Label == label))
                    throw set.Error(k, Excerpt.Of(label), $"'{Excerpt.Of(label)}' is not one of this axis's values ({Excerpt.Of(string.Join(", ", values.Select(x => x.Label)))})");
                if (v is not YamlMappingNode m)
                    throw set.Error(v, Excerpt.Of(label), "expected a mapping of dotted scenario keys to values, e.g. { migration.switch: { after-iterations: 2 } }");
                var settings = new List<SweepSetting>();
                foreach (var (sk, sv) in m.Children)
                    settings.Add(new SweepSetting(DottedKey(set, sk), IsNull(sv) ? null : sv, (int)sk.Start.Line, (int)sk.Start.Column));
                also[label] = settings;
            }
        }
        a.RejectUnknownKeys();
        var result = values.Select(v => new SweepValue(v.Label, v.Node, also.TryGetValue(v.Label, out var s) ? s : [])).ToList();
        return new SweepAxis(key, result, line, col);
    }

    private static IReadOnlyList<IReadOnlyList<int>> ParseZip(YamlSection root, YamlMappingNode rootNode, List<SweepAxis> axes)
    {
        root.Has("zip");
        var zipNode = Child(rootNode, "zip");
        var groupOf = new int[axes.Count];
        Array.Fill(groupOf, -1);
        var zipped = new List<List<int>>();
        if (zipNode is YamlSequenceNode zs)
        {
            // Accept one group written flat (zip: [a, b]) or several (zip: [[a, b], [c, d]]).
            List<YamlNode> groupNodes = zs.Children.All(c => c is YamlScalarNode) ? [zs] : zs.Children.ToList();
            foreach (var g in groupNodes)
            {
                if (g is not YamlSequenceNode gs || gs.Children.Count < 2)
                    throw root.Error(g, "zip", "each zip group is a list of at least two axis keys, e.g. zip: [workload.rate, migration.max-bandwidth]");
                var members = new List<int>();
                foreach (var item in gs.Children)
                {
                    string k = (item as YamlScalarNode)?.Value ?? "";
                    int idx = axes.FindIndex(x => x.Key == k);
                    if (idx < 0) throw root.Error(item, "zip", $"'{Excerpt.Of(k)}' is not the key of an axis; axes: {string.Join(", ", axes.Select(x => x.Key))}");
                    if (groupOf[idx] >= 0) throw root.Error(item, "zip", $"'{Excerpt.Of(k)}' is already in a zip group");
                    groupOf[idx] = zipped.Count;
                    members.Add(idx);
                }
                int n = axes[members[0]].Values.Count;
                var bad = members.FirstOrDefault(m => axes[m].Values.Count != n, -1);
                if (bad >= 0)
                    throw root.Error(gs, "zip", $"zipped axes advance together and need the same number of values: {axes[members[0]].Key} has {n}, {axes[bad].Key} has {axes[bad].Values.Count}");
                zipped.Add(members);
            }
        }
        else if (zipNode is not null && zipNode is not YamlScalarNode { Value: null or "" or "~" })
            throw root.Error(zipNode, "zip", "expected a list of axis keys, e.g. zip: [workload.rate, migration.max-bandwidth]");

        // Groups in the order of their first axis; an unzipped axis is a group of its own.
        var groups = new List<IReadOnlyList<int>>();
        var emitted = new HashSet<int>();
        for (int i = 0; i < axes.Count; i++)
        {
            if (groupOf[i] < 0) groups.Add([i]);
            else if (emitted.Add(groupOf[i])) groups.Add(zipped[groupOf[i]]);
        }
        return groups;
    }

    private static bool IsNull(YamlNode n) =>
        n is YamlScalarNode { Style: not (YamlDotNet.Core.ScalarStyle.SingleQuoted or YamlDotNet.Core.ScalarStyle.DoubleQuoted), Value: null or "" or "~" or "null" };

    private static YamlNode? Child(YamlMappingNode map, string key)
    {
        foreach (var (k, v) in map.Children)
            if (k is YamlScalarNode { Value: var name } && name == key) return v;
        return null;
    }
}
