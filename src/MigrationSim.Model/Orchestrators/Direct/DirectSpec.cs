namespace MigrationSim.Model.Orchestrators.Direct;

/// <summary>The <c>direct</c> orchestrator: plain QMP, no limits, no monitor.</summary>
public sealed record DirectSpec : OrchestratorSpec
{
    /// <inheritdoc/>
    public static DirectSpec Instance { get; } = new();

    /// <inheritdoc/>
    public override string Name => "direct";

    /// <inheritdoc/>
    public override Orchestrator Create() => new DirectOrchestrator();
}
