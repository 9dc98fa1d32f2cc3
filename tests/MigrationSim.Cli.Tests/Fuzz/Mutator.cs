using System.Text;
using YamlDotNet.RepresentationModel;

namespace MigrationSim.Cli.Tests.Fuzz;

/// <summary>
/// Applies a <see cref="Mutation"/> to a shipped file: the YAML edit on its tree (a placeholder
/// scalar stands where raw YAML text goes, so a payload can be anything a user could type,
/// anchors and nesting included), then the damage to its bytes.
/// </summary>
internal static class Mutator
{
    private const string RawKey = "MIGSIMFUZZKEY";
    private const string RawValue = "MIGSIMFUZZVALUE";

    public static byte[] Apply(Mutation m)
    {
        string text = m.Kind == MutationKind.ReplaceFile ? m.Payload : Edit(File.ReadAllText(Path.Combine(RepoPaths.Scenarios, m.Shipped)), m);
        return Damage(text, m.Damage, m.Seed);
    }

    private static string Edit(string shipped, Mutation m)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(shipped));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var slots = new List<(YamlMappingNode Parent, YamlNode Key)>();
        Collect(root, slots);
        var (parent, key) = slots[Math.Abs(m.Target % slots.Count)];
        switch (m.Kind)
        {
            case MutationKind.RemoveKey:
                parent.Children.Remove(key);
                break;
            case MutationKind.RenameKey:
                var value = parent.Children[key];
                parent.Children.Remove(key);
                parent.Children.Add(new YamlScalarNode(RawKey), value);
                break;
            case MutationKind.AddKey:
                parent.Children.Add(new YamlScalarNode(RawKey), new YamlScalarNode(RawValue));
                break;
            case MutationKind.SetValue:
                parent.Children[key] = new YamlScalarNode(RawValue);
                break;
        }
        var w = new StringWriter();
        new YamlStream(new YamlDocument(root)).Save(w, assignAnchors: false);
        return w.ToString().Replace(RawKey, m.Key.Length == 0 ? "''" : m.Key, StringComparison.Ordinal)
                            .Replace(RawValue, m.Payload, StringComparison.Ordinal);
    }

    private static void Collect(YamlNode node, List<(YamlMappingNode, YamlNode)> slots)
    {
        if (node is YamlMappingNode map)
            foreach (var (k, v) in map.Children)
            {
                slots.Add((map, k));
                Collect(v, slots);
            }
        else if (node is YamlSequenceNode seq)
            foreach (var item in seq.Children) Collect(item, slots);
    }

    private static byte[] Damage(string text, TextDamage damage, int seed)
    {
        var random = new Random(seed);
        int at = text.Length == 0 ? 0 : random.Next(text.Length);
        byte[] Insert(byte[] bytes)
        {
            byte[] utf8 = Encoding.UTF8.GetBytes(text);
            int pos = Math.Min(Encoding.UTF8.GetByteCount(text.AsSpan(0, at)), utf8.Length);
            return [.. utf8.AsSpan(0, pos), .. bytes, .. utf8.AsSpan(pos)];
        }
        return damage switch
        {
            TextDamage.None => Encoding.UTF8.GetBytes(text),
            TextDamage.Utf8Bom => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)],
            TextDamage.Utf16LittleEndian => [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(text)],
            TextDamage.Utf16BigEndian => [0xFE, 0xFF, .. Encoding.BigEndianUnicode.GetBytes(text)],
            TextDamage.Utf32LittleEndian => [0xFF, 0xFE, 0x00, 0x00, .. Encoding.UTF32.GetBytes(text)],
            TextDamage.InvalidUtf8 => Insert([0xE9]),
            TextDamage.NulByte => Insert([0]),
            TextDamage.RandomBytes => Insert([.. Enumerable.Range(0, 16).Select(_ => (byte)random.Next(256))]),
            TextDamage.Truncated => Encoding.UTF8.GetBytes(text[..at]),
            TextDamage.CarriageReturns => Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\r\n")),
            TextDamage.Tabs => Encoding.UTF8.GetBytes(string.Join('\n', text.Split('\n').Select(l => l.StartsWith("  ", StringComparison.Ordinal) ? "\t" + l[2..] : l))),
            TextDamage.SecondDocument => Encoding.UTF8.GetBytes(text + "\n---\nguest: { memory: 1GiB }\nnetwork: { bandwidth: 1Gbit/s }\n"),
            _ => throw new ArgumentOutOfRangeException(nameof(damage)),
        };
    }
}
