using MigrationSim.Kernel;
using MigrationSim.Model.Memory;

namespace MigrationSim.Model.Workloads;

/// <summary>Runs each phase's workload for its duration, cycling through the list by wall-clock time.</summary>
public sealed class PhasedWorkload : Workload
{
    private readonly (long Duration, Workload Workload)[] _phases;
    private readonly long _cycle;

    private readonly long _offset;

    /// <param name="phases">Each phase's length in ns and its running workload, in order.</param>
    /// <param name="offsetNanoseconds">Time the cycle has already run when the migration starts.</param>
    public PhasedWorkload(IReadOnlyList<(long DurationNanoseconds, Workload Workload)> phases, long offsetNanoseconds = 0)
    {
        _offset = offsetNanoseconds;
        if (phases.Count == 0) throw new ArgumentException("a phased workload needs at least one phase", nameof(phases));
        _phases = phases.Select(p => (p.DurationNanoseconds, p.Workload)).ToArray();
        _cycle = _phases.Sum(p => p.Duration);
        if (_cycle <= 0) throw new ArgumentException("phase durations must add up to more than zero", nameof(phases));
    }

    /// <inheritdoc/>
    public override AccessPattern? AccessPatternAt(SimTime t) => PhaseAt(t).AccessPatternAt(t);

    /// <inheritdoc/>
    public override double WriteRateAt(SimTime t) => PhaseAt(t).WriteRateAt(t);

    /// <inheritdoc/>
    public override double MaxWriteRate => _phases.Max(p => p.Workload.MaxWriteRate);

    private Workload PhaseAt(SimTime t)
    {
        long inCycle = (t.Nanoseconds + _offset) % _cycle;
        foreach (var (duration, workload) in _phases)
        {
            if (inCycle < duration) return workload;
            inCycle -= duration;
        }
        return _phases[^1].Workload;
    }

    /// <inheritdoc/>
    public override void Advance(SimTime from, SimTime to, double speed, IPageWriter writer)
    {
        long t = from.Nanoseconds + _offset;
        long stop = to.Nanoseconds + _offset;
        while (t < stop)
        {
            long inCycle = t % _cycle;
            int i = 0;
            long phaseStart = 0;
            while (inCycle >= phaseStart + _phases[i].Duration)
            {
                phaseStart += _phases[i].Duration;
                i++;
            }
            long phaseEnd = t - inCycle + phaseStart + _phases[i].Duration;
            long end = Math.Min(phaseEnd, stop);
            _phases[i].Workload.Advance(new SimTime(t - _offset), new SimTime(end - _offset), speed, writer);
            t = end;
        }
    }
}
