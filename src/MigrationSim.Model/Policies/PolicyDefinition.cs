namespace MigrationSim.Model.Policies;

/// <summary>
/// A policy as scenario files name it: its name, what it does, the keys it reads under
/// <c>migration:</c>, and how those keys become a <see cref="PolicySpec"/>. Register it in a
/// <see cref="PolicyRegistry"/> (the CLI's <c>--plugin</c> registers every public definition of
/// an assembly).
/// </summary>
public abstract class PolicyDefinition
{
    /// <summary>Lower-case name, e.g. "hybrid".</summary>
    public abstract string Name { get; }

    /// <summary>One sentence for <c>--help</c> and error messages.</summary>
    public abstract string Description { get; }

    /// <summary>Keys this policy reads under <c>migration:</c>; any other key there that no policy owns is an error.</summary>
    public virtual IReadOnlyList<PolicyOption> Options => [];

    /// <summary>Reads this policy's keys (only those in <see cref="Options"/>) into a spec.</summary>
    public abstract PolicySpec Parse(IPolicySettings settings);
}
