namespace MigrationSim.Model.Policies;

/// <summary>
/// Policies by name: QEMU's three built in, plus any a user registers (from code, or from a
/// plug-in assembly through the CLI). Looking up a name that is not there is an error that lists
/// the names that are, never a silent default.
/// </summary>
public sealed class PolicyRegistry
{
    private readonly Dictionary<string, PolicyDefinition> _byName = new(StringComparer.Ordinal);

    private bool _frozen;

    /// <summary>QEMU's precopy, postcopy and hybrid; read-only (use <see cref="CreateBuiltIn"/> for one to extend).</summary>
    public static PolicyRegistry BuiltIn { get; } = Freeze(CreateBuiltIn());

    private static PolicyRegistry Freeze(PolicyRegistry r)
    {
        r._frozen = true;
        return r;
    }

    /// <summary>A new registry holding the built-in policies, to which more can be added.</summary>
    public static PolicyRegistry CreateBuiltIn()
    {
        var r = new PolicyRegistry();
        r.Register(new PrecopyDefinition());
        r.Register(new PostcopyDefinition());
        r.Register(new HybridDefinition());
        return r;
    }

    /// <summary>Every registered definition.</summary>
    public IReadOnlyCollection<PolicyDefinition> All => _byName.Values;

    /// <summary>Registered names, ordered.</summary>
    public IEnumerable<string> Names => _byName.Keys.Order(StringComparer.Ordinal);

    /// <summary>Adds a definition; its name must be lower case, without spaces, and not taken.</summary>
    public void Register(PolicyDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (_frozen) throw new InvalidOperationException("the built-in registry is shared and read-only; register into PolicyRegistry.CreateBuiltIn()");
        string name = definition.Name;
        if (string.IsNullOrWhiteSpace(name) || name != name.Trim().ToLowerInvariant() || name.Any(char.IsWhiteSpace))
            throw new ArgumentException($"policy name '{name}' must be lower case without spaces", nameof(definition));
        if (!_byName.TryAdd(name, definition))
            throw new ArgumentException($"a policy named '{name}' is already registered", nameof(definition));
    }

    /// <summary>The definition named <paramref name="name"/>, if any.</summary>
    public bool TryGet(string name, out PolicyDefinition definition) => _byName.TryGetValue(name, out definition!);

    /// <summary>The definition named <paramref name="name"/>; <see cref="KeyNotFoundException"/> listing the known names otherwise.</summary>
    public PolicyDefinition Get(string name) =>
        TryGet(name, out var d) ? d : throw new KeyNotFoundException($"unknown policy '{name}'; known policies: {string.Join(", ", Names)}");
}
