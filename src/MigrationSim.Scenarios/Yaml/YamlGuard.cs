using MigrationSim.Scenarios.Limits;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace MigrationSim.Scenarios.Yaml;

/// <summary>
/// Reads a YAML text as a stream of parser events, before any tree is built, and refuses what
/// the tree (YamlDotNet's recursive loader) or code walking it could not survive: nesting deeper
/// than <see cref="InputLimits.MaxYamlDepth"/>, an alias inside its own anchor (a cycle), aliases
/// that expand to more than <see cref="InputLimits.MaxYamlNodes"/> nodes ("billion laughs"), a
/// second document, and tags other than YAML's core ones (which would be silently ignored).
/// The parser itself keeps its state on the heap, so this pass cannot overflow the stack.
/// </summary>
public static class YamlGuard
{
    private static readonly HashSet<string> CoreTags = new(StringComparer.Ordinal)
    {
        "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:null", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map",
    };

    /// <summary>Throws a <see cref="ScenarioException"/> naming the line and column of the first problem; YAML syntax errors surface as <see cref="YamlException"/>.</summary>
    public static void Check(string text, string file)
    {
        var parser = new Parser(new StringReader(text));
        // Expanded node count of each open collection, and the anchor it defines (if any).
        var open = new Stack<(string? Anchor, long Nodes)>();
        var defined = new Dictionary<string, long>(StringComparer.Ordinal);
        var defining = new HashSet<string>(StringComparer.Ordinal);
        int documents = 0;

        ScenarioException Refuse(ParsingEvent at, string problem) =>
            new(file, (int)at.Start.Line, (int)at.Start.Column, null, problem);

        void Add(ParsingEvent at, long nodes)
        {
            if (open.Count == 0) return;
            var (anchor, count) = open.Pop();
            count += nodes;
            if (count > InputLimits.MaxYamlNodes)
                throw Refuse(at, $"the YAML expands to more than {InputLimits.MaxYamlNodes:N0} values (aliases counted each time they are used); a scenario has about a hundred");
            open.Push((anchor, count));
        }

        while (parser.MoveNext())
        {
            var e = parser.Current!;
            switch (e)
            {
                case DocumentStart:
                    if (++documents > 1)
                        throw Refuse(e, "a second YAML document starts here; a file holds one scenario (remove the '---' line and what follows, or split the file)");
                    break;
                case NodeEvent { Tag: var tag } node when !tag.IsEmpty && !tag.IsNonSpecific && !CoreTags.Contains(tag.Value):
                    throw Refuse(node, $"the tag '{Excerpt.Of(tag.Value)}' is not used by scenarios and would be ignored; remove it");
                case AnchorAlias alias:
                    if (defining.Contains(alias.Value.Value))
                        throw Refuse(e, $"the alias *{Excerpt.Of(alias.Value.Value)} refers to its own anchor (a cycle); a value cannot contain itself");
                    if (!defined.TryGetValue(alias.Value.Value, out long size))
                        throw Refuse(e, $"the alias *{Excerpt.Of(alias.Value.Value)} has no anchor &{Excerpt.Of(alias.Value.Value)} before it");
                    Add(e, size);
                    break;
                case Scalar scalar:
                    if (!scalar.Anchor.IsEmpty) defined[scalar.Anchor.Value] = 1;
                    Add(e, 1);
                    break;
                case SequenceStart or MappingStart:
                    if (open.Count >= InputLimits.MaxYamlDepth)
                        throw Refuse(e, $"lists and mappings are nested more than {InputLimits.MaxYamlDepth} deep; a scenario needs 5");
                    string? anchor = ((NodeEvent)e).Anchor is { IsEmpty: false } a ? a.Value : null;
                    if (anchor is not null) defining.Add(anchor);
                    open.Push((anchor, 1));
                    break;
                case SequenceEnd or MappingEnd:
                    var (done, nodes) = open.Pop();
                    if (done is not null)
                    {
                        defining.Remove(done);
                        defined[done] = nodes;
                    }
                    Add(e, nodes);
                    break;
            }
        }
    }
}
