namespace MigrationSim.Model.Orchestrators.Direct;

/// <summary>The <c>direct</c> orchestrator: plain QMP, no limits, no monitor.</summary>
public sealed record DirectSpec : OrchestratorSpec
{
    public static DirectSpec Instance { get; } = new();

    public override string Name => "direct";

    public override Orchestrator Create() => new DirectOrchestrator();
}
