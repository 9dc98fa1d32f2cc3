using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace MigrationSim.Scenarios.Yaml;

/// <summary>
/// The parser events of a YAML text, read once and replayed into a fresh tree as often as needed.
/// A sweep builds one tree per point (each point sets its own keys in it); scanning the base text
/// again for every point was most of the cost of expanding a large sweep (about half of it for
/// 1,000 points) and made the scanner's methods hot enough for the JIT to recompile them while
/// the runs compete for the cores. Each event carries its position, so a replayed tree has the
/// text's line numbers, as a parsed one does (a copied YamlDotNet node has none). Events are
/// immutable: one recording may be replayed on several threads at once.
/// </summary>
public sealed class YamlRecording
{
    private readonly ParsingEvent[] _events;

    private YamlRecording(ParsingEvent[] events) => _events = events;

    /// <summary>
    /// Records the events of <paramref name="text"/>, which must already have been read once by
    /// <see cref="ScenarioLoader.LoadRoot"/> (syntax, limits and a mapping at the root checked there,
    /// with their errors); the recording itself reports nothing.
    /// </summary>
    public static YamlRecording Of(string text)
    {
        var parser = new Parser(new StringReader(text));
        var events = new List<ParsingEvent>();
        while (parser.MoveNext()) events.Add(parser.Current!);
        return new YamlRecording([.. events]);
    }

    /// <summary>A new tree of the recorded text's root mapping, equal to what <see cref="ScenarioLoader.LoadRoot"/> returns for it.</summary>
    public YamlMappingNode LoadRoot()
    {
        var stream = new YamlStream();
        stream.Load(new YamlReplay(_events));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }
}
