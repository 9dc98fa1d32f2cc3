namespace MigrationSim.Model.Orchestrators;

/// <summary>
/// An orchestrator as fleet files name it: its name, its options (real names, defaults, the
/// source they were checked against), the guest <c>migration:</c> keys it owns (it sets them
/// itself, so a guest may not), and how its options become an <see cref="OrchestratorSpec"/>.
/// </summary>
public abstract class OrchestratorDefinition
{
    /// <summary>Lower-case name, e.g. "nova".</summary>
    public abstract string Name { get; }

    /// <summary>One line for help texts and errors.</summary>
    public abstract string Description { get; }

    /// <summary>Its option names, defaults and meanings, as a planner types them.</summary>
    public virtual IReadOnlyList<OrchestratorOption> Options => [];

    /// <summary>Guest migration keys this orchestrator decides (policy, max-bandwidth, ...): a guest setting one of them is an error.</summary>
    public virtual IReadOnlyList<string> OwnedMigrationKeys => [];

    /// <summary>Reads the options (only those in <see cref="Options"/>) into a spec.</summary>
    public abstract OrchestratorSpec Parse(IOrchestratorSettings settings);
}
