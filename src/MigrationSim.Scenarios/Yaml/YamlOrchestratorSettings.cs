using MigrationSim.Kernel;
using MigrationSim.Model.Orchestrators;
using MigrationSim.Model.Policies;

namespace MigrationSim.Scenarios.Yaml;

/// <summary>An orchestrator's options read from a fleet file's <c>orchestrator:</c> section, with its units, locations and did-you-mean.</summary>
internal sealed class YamlOrchestratorSettings(YamlSection section) : IOrchestratorSettings
{
    private readonly YamlPolicySettings _inner = new(section, section.Path, null);

    public string? Text(string key) => section.String(key);

    public bool Has(string key) => _inner.Has(key);
    public SimTime? Duration(string key) => _inner.Duration(key);
    public long? Integer(string key, long min, long max) => _inner.Integer(key, min, max);
    public double? Number(string key, double min, double max) => _inner.Number(key, min, max);
    public bool? Flag(string key) => _inner.Flag(key);
    public long? Bytes(string key) => _inner.Bytes(key);
    public double? Rate(string key) => _inner.Rate(key);
    public string? Choice(string key, params string[] allowed) => _inner.Choice(key, allowed);
    public IPolicySettings? Section(string key) => _inner.Section(key);
    public Exception Error(string? key, string problem) => _inner.Error(key, problem);

    public void Close() => _inner.Close();
}
