namespace MigrationSim.Model.Policies;

/// <summary>
/// A policy with its settings, as a scenario names it: immutable, comparable, and able to
/// create the <see cref="MigrationPolicy"/> instance each migration needs.
/// </summary>
public abstract record PolicySpec
{
    /// <summary>The name scenario files use (<c>migration.policy</c>) and results report.</summary>
    public abstract string Name { get; }

    /// <summary>A fresh policy instance for one migration.</summary>
    public abstract MigrationPolicy Create();

    /// <summary>The policy may switch to postcopy: it needs the postcopy-ram capability and a live migration.</summary>
    public virtual bool UsesPostcopy => false;

    /// <summary>How real QEMU runs this policy (for captures and the fluid baseline); null when it cannot.</summary>
    public virtual QemuRecipe? Qemu => null;

    /// <summary>One line for summaries, e.g. "hybrid (after 2 iterations)".</summary>
    public virtual string Describe() => Name;
}
