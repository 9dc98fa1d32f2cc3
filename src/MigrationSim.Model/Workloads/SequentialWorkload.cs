using MigrationSim.Kernel;
using MigrationSim.Model.Memory;

namespace MigrationSim.Model.Workloads;

/// <summary>A cursor sweeps the working set in page order and wraps, like guestperf's stress.</summary>
public sealed class SequentialWorkload(long firstPage, SequentialWorkloadSpec spec) : Workload
{
    private double _position; // pages into the working set, fractional part carried

    // For destination faults the sweep is treated as uniform over the working set: its order is
    // not modelled there, which overstates the faults of a sequential writer under postcopy.
    private readonly UniformAccess _access = new(firstPage, spec.Pages);

    /// <inheritdoc/>
    public override AccessPattern? AccessPatternAt(SimTime t) => _access;

    /// <inheritdoc/>
    public override double WriteRateAt(SimTime t) => spec.RatePagesPerSecond;

    /// <inheritdoc/>
    public override double MaxWriteRate => spec.RatePagesPerSecond;

    /// <inheritdoc/>
    public override void Advance(SimTime from, SimTime to, double speed, IPageWriter writer)
    {
        long w = spec.Pages;
        double n = Writes(spec.RatePagesPerSecond, from, to, speed);
        if (w <= 0 || n <= 0) return;
        long startPage = (long)_position;
        double end = _position + n;
        long endPage = (long)end; // pages [startPage, endPage) are written
        long count = endPage - startPage;
        if (count >= w)
            writer.WriteRange(firstPage, w);
        else if (count > 0)
        {
            long s = startPage % w;
            long first = Math.Min(count, w - s);
            writer.WriteRange(firstPage + s, first);
            if (count > first) writer.WriteRange(firstPage, count - first);
        }
        _position = end % w + 0.0;
        if (_position >= w) _position -= w;
    }
}
