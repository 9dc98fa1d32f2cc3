using YamlDotNet.RepresentationModel;

namespace MigrationSim.Scenarios.Sweeps;

/// <summary>
/// Sets or removes a key of a YAML mapping by dotted path ("migration.max-bandwidth"), creating
/// the mappings on the way. A path that names no scenario key is not refused here: the
/// scenario parser's unknown-key check does it, with the list of allowed keys.
/// </summary>
public static class YamlPath
{
    /// <summary>Sets <paramref name="dottedKey"/> (e.g. "migration.switch.after-iterations") under <paramref name="root"/>, creating mappings on the way; a null value removes the key.</summary>
    public static void Set(YamlMappingNode root, string dottedKey, YamlNode? value)
    {
        string[] parts = dottedKey.Split('.');
        var map = root;
        for (int i = 0; i < parts.Length - 1; i++)
        {
            var child = Find(map, parts[i]);
            if (child is YamlMappingNode m) { map = m; continue; }
            if (value is null) return; // removing under a missing mapping: nothing to remove
            var created = new YamlMappingNode();
            Put(map, parts[i], created);
            map = created;
        }
        if (value is null) Remove(map, parts[^1]);
        else Put(map, parts[^1], value);
    }

    private static YamlNode? Find(YamlMappingNode map, string key)
    {
        foreach (var (k, v) in map.Children)
            if (k is YamlScalarNode { Value: var name } && name == key) return v;
        return null;
    }

    private static void Put(YamlMappingNode map, string key, YamlNode value)
    {
        foreach (var k in map.Children.Keys)
            if (k is YamlScalarNode { Value: var name } && name == key)
            {
                map.Children[k] = value;
                return;
            }
        map.Children.Add(new YamlScalarNode(key), value);
    }

    private static void Remove(YamlMappingNode map, string key)
    {
        foreach (var k in map.Children.Keys.ToList())
            if (k is YamlScalarNode { Value: var name } && name == key)
                map.Children.Remove(k);
    }

    /// <summary>Compact one-line text of a value, for results.csv: a scalar as written, a mapping as "{k: v}".</summary>
    public static string Label(YamlNode? node) => node switch
    {
        null => "",
        YamlScalarNode s => s.Value ?? "",
        YamlSequenceNode q => "[" + string.Join(", ", q.Children.Select(Label)) + "]",
        YamlMappingNode m => "{" + string.Join(", ", m.Children.Select(kv => $"{Label(kv.Key)}: {Label(kv.Value)}")) + "}",
        _ => node.ToString(),
    };
}
