namespace MigrationSim.Model.Policies;

/// <summary>
/// Precopy, then migrate-start-postcopy when the switch rule fires: after N iterations
/// (dirty-sync-count &gt; N), after a time, or when precopy stalls (see <see cref="StallRule"/>).
/// The request stays issued once it fires; QEMU then switches at the next iterate check where
/// pending is still above the threshold, and completes as precopy otherwise.
/// </summary>
public class QemuHybridPolicy(SwitchRule rule) : QemuPrecopyPolicy
{
    private string? _firedBy;
    private int _stallCount;
    private long _pendingAfterLastSync = -1;

    /// <summary>The rule that issues migrate-start-postcopy.</summary>
    public SwitchRule Rule { get; } = rule ?? throw new ArgumentNullException(nameof(rule));

    /// <inheritdoc/>
    protected override string? SwitchReason(in IterationCheck check)
    {
        if (_firedBy is not null) return _firedBy;
        if (check.PostcopyRequested) return _firedBy = "migrate-start-postcopy";
        // Postcopy from the start: the command goes with migrate, before QEMU's first check.
        if (Rule.AfterIterations is 0) return _firedBy = "immediately";
        // Any other rule is management's: it reads query-migrate (the sync this check made, the time) and issues
        // migrate-start-postcopy, which only sets start_postcopy; QEMU's migration_iteration_run has already
        // chosen this step, so the switch comes at its next check (7.2 and 10.0 alike: the command wakes
        // nothing). Meanwhile this step's window goes out and the guest dirties on until the stop's sync.
        if (Rule.AfterIterations is { } n && check.DirtySyncCount > n)
            _firedBy = $"after {n} iterations";
        else if (Rule.AfterTime is { } t && check.Elapsed >= t)
            _firedBy = $"after {t}";
        else if (Rule.OnStall is { } stall && _stallCount >= stall.Iterations)
            _firedBy = $"stall ({stall.Iterations} iterations dirtying > {stall.DirtyFraction:0.##} of the send rate or not shrinking)";
        return null;
    }

    /// <inheritdoc/>
    protected override string CompletionReason => _firedBy is null
        ? "converged in precopy before the switch rule fired"
        : "converged in precopy at the step the switch was requested";

    /// <summary>Counts iterations in a row that dirtied faster than the rule allows or did not shrink the pending pages.</summary>
    public override void OnSync(in SyncInfo sync)
    {
        if (Rule.OnStall is not { } stall || sync.DuringCompletion) return;
        if (_pendingAfterLastSync >= 0 && sync.EndedIteration >= 2)
        {
            bool tooFast = sync.NewlyDirtyPages * sync.PageWireBytes > stall.DirtyFraction * sync.BytesSentInIteration;
            bool notShrinking = sync.PendingPages >= _pendingAfterLastSync;
            _stallCount = tooFast || notShrinking ? _stallCount + 1 : 0;
        }
        _pendingAfterLastSync = sync.PendingPages;
    }
}
