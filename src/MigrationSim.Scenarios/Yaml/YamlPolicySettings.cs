using MigrationSim.Kernel;
using MigrationSim.Model.Policies;
using MigrationSim.Scenarios.Units;

namespace MigrationSim.Scenarios.Yaml;

/// <summary>
/// A policy's keys read from a scenario's <c>migration:</c> section (or a mapping inside it),
/// with the units and error locations of scenario files. Keys read through it count as known
/// there; the sections it opened reject unknown keys when <see cref="Close"/> is called.
/// </summary>
internal sealed class YamlPolicySettings(YamlSection? section, string path, YamlSection? parent) : IPolicySettings
{
    private readonly List<YamlPolicySettings> _opened = [];

    public bool Has(string key)
    {
        if (section is null || !section.Has(key)) return false;
        return FindNode(key) is not YamlDotNet.RepresentationModel.YamlScalarNode { Value: null or "" or "~" or "null" };
    }

    public SimTime? Duration(string key) => section?.Parse<long>(key, UnitParser.ParseDuration) is { } ns ? new SimTime(ns) : null;

    public long? Integer(string key, long min, long max) => section?.Integer(key, min, max);

    public double? Number(string key, double min, double max) => section?.Number(key, min, max);

    public bool? Flag(string key) => section?.Bool(key);

    public long? Bytes(string key) => section?.Parse<long>(key, UnitParser.ParseSize);

    public double? Rate(string key) => section?.Parse<double>(key, UnitParser.ParseRate);

    public string? Choice(string key, params string[] allowed) => section?.Choice(key, allowed);

    public IPolicySettings? Section(string key)
    {
        var inner = section?.Section(key);
        if (inner is null) return null;
        var s = new YamlPolicySettings(inner, inner.Path, section);
        _opened.Add(s);
        return s;
    }

    public Exception Error(string? key, string problem)
    {
        if (section is null)
            return parent is not null ? parent.ErrorHere(problem) : new ScenarioException("", 0, 0, key is null ? path : $"{path}.{key}", problem);
        if (key is null) return section.ErrorHere(problem);
        var node = section.Has(key) ? (YamlDotNet.RepresentationModel.YamlNode?)FindNode(key) : null;
        return node is not null ? section.Error(node, key, problem) : new ScenarioException(section.File, (int)section.Node.Start.Line, (int)section.Node.Start.Column, section.KeyPath(key), problem);
    }

    /// <summary>Rejects unknown keys in every section the policy opened.</summary>
    public void Close()
    {
        foreach (var s in _opened)
        {
            s.Close();
            s.Reject();
        }
    }

    private void Reject() => section?.RejectUnknownKeys();

    private YamlDotNet.RepresentationModel.YamlNode? FindNode(string key)
    {
        foreach (var (k, v) in section!.Node.Children)
            if (k is YamlDotNet.RepresentationModel.YamlScalarNode { Value: var name } && name == key) return v;
        return null;
    }
}
