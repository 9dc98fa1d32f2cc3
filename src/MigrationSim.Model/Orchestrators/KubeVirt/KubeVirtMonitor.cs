using MigrationSim.Kernel;

namespace MigrationSim.Model.Orchestrators.KubeVirt;

/// <summary>
/// One migration's migrationMonitor (pkg/virt-launcher/virtwrap/live-migration-source.go, without
/// the MigrationStallDetection feature gate) as a pure state machine, one <see cref="Poll"/> per
/// look. Progress is a drop of the data remaining since the previous look (the watermark is the
/// last value, not the minimum). In post-copy nothing happens. Else, in this order: with
/// allowWorkloadDisruption and elapsed whole seconds &gt; the budget (completionTimeoutPerGiB x GB
/// of guest memory, rounded up), post-copy (allowPostCopy) or pause and double the budget; else
/// abort when more whole seconds than progressTimeout passed since the last progress; else abort
/// when the elapsed whole seconds exceed the budget.
/// </summary>
public sealed class KubeVirtMonitor
{
    private readonly KubeVirtSpec _spec;
    private SimTime _lastProgress;
    private long _watermark;
    private bool _paused;

    /// <summary>A monitor for a guest of <paramref name="memoryBytes"/> bytes under <paramref name="spec"/>.</summary>
    public KubeVirtMonitor(KubeVirtSpec spec, long memoryBytes)
    {
        _spec = spec ?? throw new ArgumentNullException(nameof(spec));
        AcceptableCompletionSeconds = spec.CompletionTimeoutPerGiB * KubernetesQuantity.CeilGiga(memoryBytes);
    }

    /// <summary>acceptableCompletionTime, seconds (doubled when the guest is paused); 0: none.</summary>
    public long AcceptableCompletionSeconds { get; private set; }

    /// <summary>Seconds since the last progress, whole.</summary>
    public long StuckSeconds(SimTime elapsed) => (elapsed - _lastProgress).Nanoseconds / SimTime.NanosecondsPerSecond;

    /// <param name="elapsed">Time since the monitor started (the migration's start).</param>
    /// <param name="remainingBytes">libvirt's data remaining.</param>
    /// <param name="inPostcopy">The migration's mode is post-copy.</param>
    public MonitorAction Poll(SimTime elapsed, long remainingBytes, bool inPostcopy)
    {
        if (_watermark == 0 || remainingBytes < _watermark) _lastProgress = elapsed;
        _watermark = remainingBytes;
        if (inPostcopy) return MonitorAction.None;
        long seconds = elapsed.Nanoseconds / SimTime.NanosecondsPerSecond;
        bool overBudget = AcceptableCompletionSeconds != 0 && seconds > AcceptableCompletionSeconds;
        if (_spec.WorkloadDisruption && overBudget && !_paused)
        {
            if (_spec.AllowPostCopy) return MonitorAction.StartPostcopy;
            _paused = true;
            AcceptableCompletionSeconds *= 2;
            return MonitorAction.Pause;
        }
        if (_spec.ProgressTimeout != 0 && StuckSeconds(elapsed) > _spec.ProgressTimeout) return MonitorAction.Abort;
        if (overBudget) return MonitorAction.Abort;
        return MonitorAction.None;
    }
}
