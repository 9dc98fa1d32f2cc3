namespace MigrationSim.Model.Orchestrators.Nova;

/// <summary>
/// One migration's LibvirtDriver._live_migration_monitor loop as a pure state machine: each
/// <see cref="Poll"/> is one pass, in Nova's order. First the queued tasks
/// (migration.run_tasks: force-complete is migrate-start-postcopy when post-copy is permitted,
/// else pause); then the completion timeout (should_trigger_timeout_action: elapsed &gt;
/// int(live_migration_completion_timeout x data_gb), never once in post-copy), whose action is
/// abort, or force_complete queued for the next pass; then the downtime step in force
/// (update_downtime), set only when it changes.
/// </summary>
public sealed class NovaMonitor
{
    private readonly NovaSpec _spec;
    private bool _forceCompleteQueued;
    private long? _downtime;

    /// <summary>A monitor for a guest of <paramref name="memoryBytes"/> bytes under <paramref name="spec"/>.</summary>
    public NovaMonitor(NovaSpec spec, long memoryBytes)
    {
        _spec = spec ?? throw new ArgumentNullException(nameof(spec));
        DataGb = NovaDowntimeSteps.DataGb(memoryBytes);
        Steps = NovaDowntimeSteps.For(DataGb, spec.LiveMigrationDowntimeMs, spec.LiveMigrationDowntimeSteps, spec.LiveMigrationDowntimeDelaySeconds);
        CompletionTimeoutSeconds = (long)(spec.LiveMigrationCompletionTimeoutSeconds * DataGb);
    }

    /// <summary>data_gb: the guest's RAM in GiB (at least 2, as Nova counts it).</summary>
    public double DataGb { get; }

    /// <summary>The downtime steps: (seconds after the start, downtime limit in ms).</summary>
    public IReadOnlyList<(long Seconds, long DowntimeMs)> Steps { get; }

    /// <summary>int(live_migration_completion_timeout x data_gb); 0: none.</summary>
    public long CompletionTimeoutSeconds { get; }

    /// <summary>One pass of the loop.</summary>
    /// <param name="elapsedSeconds">Time since Nova started watching.</param>
    /// <param name="inPostcopy">Nova's migration status is 'running (post-copy)'.</param>
    /// <returns>The action on the migration (postcopy or pause from a queued force-complete, or abort), and the downtime to set now, if any.</returns>
    public (MonitorAction Action, long? SetDowntimeMs) Poll(double elapsedSeconds, bool inPostcopy)
    {
        var action = MonitorAction.None;
        if (_forceCompleteQueued)
        {
            _forceCompleteQueued = false;
            if (!inPostcopy)
            {
                action = _spec.LiveMigrationPermitPostCopy ? MonitorAction.StartPostcopy : MonitorAction.Pause;
                inPostcopy = action == MonitorAction.StartPostcopy;
            }
        }
        if (CompletionTimeoutSeconds > 0 && !inPostcopy && elapsedSeconds > CompletionTimeoutSeconds)
        {
            if (_spec.LiveMigrationTimeoutAction == NovaTimeoutAction.ForceComplete) _forceCompleteQueued = true;
            else return (MonitorAction.Abort, null);
        }
        long? set = null;
        if (NovaDowntimeSteps.At(Steps, elapsedSeconds) is { } ms && ms != _downtime)
        {
            _downtime = ms;
            set = ms;
        }
        return (action, set);
    }
}
