using MigrationSim.Model.Orchestrators.Direct;
using MigrationSim.Model.Orchestrators.KubeVirt;
using MigrationSim.Model.Orchestrators.Libvirt;
using MigrationSim.Model.Orchestrators.Nova;

namespace MigrationSim.Model.Orchestrators;

/// <summary>Orchestrators by name: direct QMP, Nova, KubeVirt and libvirt built in, plus any a user registers.</summary>
public sealed class OrchestratorRegistry
{
    private readonly Dictionary<string, OrchestratorDefinition> _byName = new(StringComparer.Ordinal);
    private bool _frozen;

    /// <summary>direct, nova, kubevirt and libvirt, read-only.</summary>
    public static OrchestratorRegistry BuiltIn { get; } = Freeze(CreateBuiltIn());

    private static OrchestratorRegistry Freeze(OrchestratorRegistry r)
    {
        r._frozen = true;
        return r;
    }

    /// <summary>A fresh registry holding the built-in orchestrators, to add plug-ins to.</summary>
    public static OrchestratorRegistry CreateBuiltIn()
    {
        var r = new OrchestratorRegistry();
        r.Register(new DirectDefinition());
        r.Register(new NovaDefinition());
        r.Register(new KubeVirtDefinition());
        r.Register(new LibvirtDefinition());
        return r;
    }

    /// <summary>Every registered orchestrator.</summary>
    public IReadOnlyCollection<OrchestratorDefinition> All => _byName.Values;

    /// <summary>Their names, sorted.</summary>
    public IEnumerable<string> Names => _byName.Keys.Order(StringComparer.Ordinal);

    /// <summary>Adds <paramref name="definition"/>; a name taken is refused.</summary>
    public void Register(OrchestratorDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (_frozen) throw new InvalidOperationException("the built-in registry is shared and read-only; register into OrchestratorRegistry.CreateBuiltIn()");
        string name = definition.Name;
        if (string.IsNullOrWhiteSpace(name) || name != name.Trim().ToLowerInvariant() || name.Any(char.IsWhiteSpace))
            throw new ArgumentException($"orchestrator name '{name}' must be lower case without spaces", nameof(definition));
        if (!_byName.TryAdd(name, definition))
            throw new ArgumentException($"an orchestrator named '{name}' is already registered", nameof(definition));
    }

    /// <summary>The orchestrator named <paramref name="name"/>, if registered.</summary>
    public bool TryGet(string name, out OrchestratorDefinition definition) => _byName.TryGetValue(name, out definition!);
}
