namespace MigrationSim.Model.Orchestrators.Direct;

/// <summary>Fleet files name the absence of an orchestrator <c>direct</c>.</summary>
public sealed class DirectDefinition : OrchestratorDefinition
{
    /// <inheritdoc/>
    public override string Name => "direct";

    /// <inheritdoc/>
    public override string Description => "no orchestrator: each migration is issued over QMP when the plan says, with the guest's own migration settings (how concurrent captures run)";

    /// <inheritdoc/>
    public override OrchestratorSpec Parse(IOrchestratorSettings settings) => DirectSpec.Instance;
}
