using System.Reflection;

namespace MigrationSim.Model.Workloads;

/// <summary>
/// Workload kinds by name. The built-in kinds are found, not listed: every
/// <see cref="WorkloadSpec"/> record of this assembly declares its
/// <see cref="WorkloadDefinition"/> as a public static <c>Definition</c> property, so a new kind
/// is its own file and nothing else. Looking up a name that is not there is an error that lists
/// the names that are, never a silent default.
/// </summary>
public sealed class WorkloadRegistry
{
    private readonly Dictionary<string, WorkloadDefinition> _byName;

    private WorkloadRegistry(IEnumerable<WorkloadDefinition> definitions)
    {
        _byName = new(StringComparer.Ordinal);
        foreach (var d in definitions)
            if (!_byName.TryAdd(d.Name, d)) throw new InvalidOperationException($"two workload kinds are named '{d.Name}'");
    }

    /// <summary>The kinds of Workloads/Kinds: idle, uniform, hotspot, sequential, zipf, phased.</summary>
    public static WorkloadRegistry BuiltIn { get; } = new(Discover(typeof(WorkloadSpec).Assembly));

    /// <summary>Every kind, ordered by name.</summary>
    public IReadOnlyList<WorkloadDefinition> All => [.. _byName.Values.OrderBy(d => d.Name, StringComparer.Ordinal)];

    /// <summary>Kind names, ordered.</summary>
    public IReadOnlyList<string> Names => [.. _byName.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The kind named <paramref name="name"/>, if there is one.</summary>
    public bool TryGet(string name, out WorkloadDefinition definition) => _byName.TryGetValue(name, out definition!);

    /// <summary>The kind named <paramref name="name"/>; <see cref="KeyNotFoundException"/> listing the known ones otherwise.</summary>
    public WorkloadDefinition Get(string name) =>
        TryGet(name, out var d) ? d : throw new KeyNotFoundException($"unknown workload kind '{name}'; known kinds: {string.Join(", ", Names)}");

    /// <summary>The definitions declared by the concrete <see cref="WorkloadSpec"/> records of <paramref name="assembly"/>; a spec without one is an error.</summary>
    private static IEnumerable<WorkloadDefinition> Discover(Assembly assembly)
    {
        foreach (var t in assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(WorkloadSpec)) && !t.IsAbstract).OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            var p = t.GetProperty("Definition", BindingFlags.Public | BindingFlags.Static);
            yield return p?.GetValue(null) as WorkloadDefinition
                ?? throw new InvalidOperationException($"{t.Name} declares no 'public static WorkloadDefinition Definition': every workload kind says how scenarios name and read it");
        }
    }
}
