using MigrationSim.Scenarios.Yaml;
using YamlDotNet.RepresentationModel;

namespace MigrationSim.Scenarios.Tests.Yaml;

public class YamlRecordingTests
{
    public static TheoryData<string> ShippedYamlFiles()
    {
        var data = new TheoryData<string>();
        string root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "MigrationSim.sln"))) root = Path.GetDirectoryName(root)!;
        foreach (var f in Directory.GetFiles(Path.Combine(root, "scenarios"), "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            data.Add(f);
        return data;
    }

    /// <summary>A replayed tree is the parsed one: same nodes, values, styles, tags and positions (errors name lines from them).</summary>
    [Theory]
    [MemberData(nameof(ShippedYamlFiles))]
    public void A_replayed_tree_equals_the_parsed_tree_position_by_position(string file)
    {
        string text = File.ReadAllText(file);
        var parsed = ScenarioLoader.LoadRoot(text, file);
        var recording = YamlRecording.Of(text);
        var replayed = recording.LoadRoot();
        Assert.NotSame(parsed, replayed);
        Assert.Equal(Describe(parsed), Describe(replayed));
        // Every replay is a tree of its own: changing one leaves the next as parsed.
        replayed.Children.Clear();
        Assert.Equal(Describe(parsed), Describe(recording.LoadRoot()));
    }

    [Fact]
    public void Anchors_and_aliases_replay_as_they_parse()
    {
        const string text = "a: &x { b: 1, c: [2, 3] }\nd: *x\ne: 'quoted'\nf: |\n  block\n";
        var replayed = YamlRecording.Of(text).LoadRoot();
        Assert.Equal(Describe(ScenarioLoader.LoadRoot(text, "t.yaml")), Describe(replayed));
        Assert.Same(replayed.Children[new YamlScalarNode("a")], replayed.Children[new YamlScalarNode("d")]);
    }

    private static List<string> Describe(YamlNode root)
    {
        var lines = new List<string>();
        void Walk(YamlNode n, int depth)
        {
            string at = $"{n.Start.Line}:{n.Start.Column}-{n.End.Line}:{n.End.Column} tag={n.Tag} anchor={n.Anchor}";
            switch (n)
            {
                case YamlScalarNode s:
                    lines.Add($"{depth} scalar {at} style={s.Style} value={s.Value}");
                    break;
                case YamlSequenceNode q:
                    lines.Add($"{depth} sequence {at} style={q.Style}");
                    foreach (var c in q.Children) Walk(c, depth + 1);
                    break;
                case YamlMappingNode m:
                    lines.Add($"{depth} mapping {at} style={m.Style}");
                    foreach (var (k, v) in m.Children) { Walk(k, depth + 1); Walk(v, depth + 1); }
                    break;
            }
        }
        Walk(root, 0);
        return lines;
    }
}
