namespace MigrationSim.Model.Policies;

/// <summary>A policy's answer at an iterate check, with the reason a summary reports (for complete, switch and cancel).</summary>
public readonly record struct MigrationDecision(MigrationAction Action, string? Reason = null)
{
    public static MigrationDecision Iterate => new(MigrationAction.Iterate);

    public static MigrationDecision Sync => new(MigrationAction.Sync);

    public static MigrationDecision Complete(string reason) => new(MigrationAction.Complete, reason);

    public static MigrationDecision StartPostcopy(string reason) => new(MigrationAction.StartPostcopy, reason);

    public static MigrationDecision Cancel(string reason) => new(MigrationAction.Cancel, reason);
}
