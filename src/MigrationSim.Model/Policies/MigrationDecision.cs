namespace MigrationSim.Model.Policies;

/// <summary>A policy's answer at an iterate check, with the reason a summary reports (for complete, switch and cancel).</summary>
public readonly record struct MigrationDecision(MigrationAction Action, string? Reason = null)
{
    /// <summary>One more iterate step.</summary>
    public static MigrationDecision Iterate => new(MigrationAction.Iterate);

    /// <summary>Sync the dirty log, then be asked again.</summary>
    public static MigrationDecision Sync => new(MigrationAction.Sync);

    /// <summary>Stop the guest and complete, for <paramref name="reason"/>.</summary>
    public static MigrationDecision Complete(string reason) => new(MigrationAction.Complete, reason);

    /// <summary>Switch to postcopy, for <paramref name="reason"/>.</summary>
    public static MigrationDecision StartPostcopy(string reason) => new(MigrationAction.StartPostcopy, reason);

    /// <summary>Give up, for <paramref name="reason"/>.</summary>
    public static MigrationDecision Cancel(string reason) => new(MigrationAction.Cancel, reason);
}
