using MigrationSim.Kernel;
using MigrationSim.Scenarios.Yaml;
using YamlDotNet.RepresentationModel;

namespace MigrationSim.Scenarios.Fleets;

/// <summary>
/// A value of a guest group: one value for all, a list to pick from (<c>[4GiB, 8GiB, 16GiB]</c>),
/// or a distribution (<c>{ uniform: [1k pages/s, 20k pages/s] }</c>, <c>{ log-uniform: [...] }</c>),
/// each end parsed with the key's own unit.
/// </summary>
internal sealed class GroupValue
{
    public static readonly string[] Distributions = ["uniform", "log-uniform"];

    private readonly double[] _choices = [];
    private readonly string? _distribution;
    private readonly double _low, _high;

    private GroupValue(double[] choices) => _choices = choices;

    private GroupValue(string distribution, double low, double high)
    {
        _distribution = distribution;
        _low = low;
        _high = high;
    }

    /// <summary>The node is a list or a distribution (else the key is a plain value the scenario parsers read).</summary>
    public static bool IsVaried(YamlNode? node) => node is YamlSequenceNode or YamlMappingNode;

    /// <summary>Reads <paramref name="key"/>'s list or distribution, each value through <paramref name="parse"/>.</summary>
    public static GroupValue Read(YamlSection s, string key, YamlNode node, ParseFunc<double> parse)
    {
        double Value(YamlNode n, string where)
        {
            if (n is not YamlScalarNode { Value: { } text }) throw s.Error(n, where, "expected a single value here");
            return parse(text, out string error) ?? throw s.Error(n, where, error);
        }
        switch (node)
        {
            case YamlSequenceNode list:
                if (list.Children.Count == 0) throw s.Error(node, key, "an empty list; give the values to pick from, e.g. [4GiB, 8GiB]");
                return new GroupValue(list.Children.Select((n, i) => Value(n, $"{key}[{i}]")).ToArray());
            case YamlMappingNode map:
                if (map.Children.Count != 1 || map.Children.First().Key is not YamlScalarNode { Value: { } kind } || !Distributions.Contains(kind))
                    throw s.Error(node, key, $"a distribution is one of {string.Join(", ", Distributions)} with [low, high], e.g. {{ uniform: [4GiB, 64GiB] }}");
                if (map.Children.First().Value is not YamlSequenceNode { Children.Count: 2 } ends)
                    throw s.Error(map.Children.First().Value, $"{key}.{kind}", "expected [low, high]");
                double low = Value(ends.Children[0], $"{key}.{kind}[0]"), high = Value(ends.Children[1], $"{key}.{kind}[1]");
                if (!(low <= high) || double.IsInfinity(high)) throw s.Error(ends, $"{key}.{kind}", "low must be at most high, both finite");
                if (kind == "log-uniform" && !(low > 0)) throw s.Error(ends, $"{key}.{kind}", "a log-uniform range must start above zero");
                return new GroupValue(kind, low, high);
            default:
                throw s.Error(node, key, "expected a value, a list or a distribution");
        }
    }

    public double Draw(RandomStream rng) => _distribution switch
    {
        "uniform" => _low + (_high - _low) * rng.NextDouble(),
        "log-uniform" => Math.Exp(Math.Log(_low) + (Math.Log(_high) - Math.Log(_low)) * rng.NextDouble()),
        _ => _choices[rng.Next(_choices.Length)],
    };
}
