namespace MigrationSim.Model.Policies;

/// <summary>
/// QEMU 7.2's precopy decisions (migration/migration.c migration_iteration_run, migration/ram.c
/// ram_save_pending): while pending is at or above the threshold, one more iterate step; once
/// it falls below, sync the dirty log; if pending is still below the threshold (or zero), stop
/// and complete. With the postcopy-ram capability on and migrate-start-postcopy issued, switch
/// instead of iterating.
/// </summary>
public class QemuPrecopyPolicy : MigrationPolicy
{
    /// <inheritdoc/>
    public override MigrationDecision Decide(in IterationCheck check)
    {
        if (!check.JustSynced && check.PendingBytes < check.ThresholdBytes) return MigrationDecision.Sync;
        if (check.BelowThreshold) return MigrationDecision.Complete(CompletionReason);
        if (check.PostcopyAllowed && SwitchReason(check) is { } why) return MigrationDecision.StartPostcopy(why);
        return MigrationDecision.Iterate;
    }

    /// <summary>Why the migration switches to postcopy at this check; null = keep iterating. QEMU: once migrate-start-postcopy was issued.</summary>
    protected virtual string? SwitchReason(in IterationCheck check) => check.PostcopyRequested ? "migrate-start-postcopy" : null;

    /// <summary>The outcome a converged precopy reports.</summary>
    protected virtual string CompletionReason => "converged";
}
