using MigrationSim.Kernel;
using MigrationSim.Model.Memory;

namespace MigrationSim.Model.Workloads;

/// <summary>Runs each phase's workload for its duration, cycling through the list by wall-clock time.</summary>
public sealed class PhasedWorkload : Workload
{
    private readonly (long Duration, Workload Workload)[] _phases;
    private readonly long _cycle;

    public PhasedWorkload(IReadOnlyList<(long DurationNanoseconds, Workload Workload)> phases)
    {
        if (phases.Count == 0) throw new ArgumentException("a phased workload needs at least one phase", nameof(phases));
        _phases = phases.Select(p => (p.DurationNanoseconds, p.Workload)).ToArray();
        _cycle = _phases.Sum(p => p.Duration);
        if (_cycle <= 0) throw new ArgumentException("phase durations must add up to more than zero", nameof(phases));
    }

    public override AccessPattern? AccessPatternAt(SimTime t) => PhaseAt(t).AccessPatternAt(t);

    public override double WriteRateAt(SimTime t) => PhaseAt(t).WriteRateAt(t);

    public override double MaxWriteRate => _phases.Max(p => p.Workload.MaxWriteRate);

    private Workload PhaseAt(SimTime t)
    {
        long inCycle = t.Nanoseconds % _cycle;
        foreach (var (duration, workload) in _phases)
        {
            if (inCycle < duration) return workload;
            inCycle -= duration;
        }
        return _phases[^1].Workload;
    }

    public override void Advance(SimTime from, SimTime to, double speed, IPageWriter writer)
    {
        long t = from.Nanoseconds;
        while (t < to.Nanoseconds)
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
            long end = Math.Min(phaseEnd, to.Nanoseconds);
            _phases[i].Workload.Advance(new SimTime(t), new SimTime(end), speed, writer);
            t = end;
        }
    }
}
