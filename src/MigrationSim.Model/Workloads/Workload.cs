using MigrationSim.Kernel;
using MigrationSim.Model.Memory;

namespace MigrationSim.Model.Workloads;

/// <summary>
/// A running workload. <see cref="Advance"/> applies, in bulk, the writes the guest makes in
/// [from, to): the cost follows the pages touched, not the simulated time. Calls must cover
/// time in order without gaps.
/// </summary>
public abstract class Workload
{
    /// <param name="from">Start of the interval.</param>
    /// <param name="to">End of the interval (exclusive).</param>
    /// <param name="speed">Fraction of full speed the vCPU runs at (1 - throttle), in [0, 1].</param>
    /// <param name="writer">Receives the writes, as absolute page numbers.</param>
    public abstract void Advance(SimTime from, SimTime to, double speed, IPageWriter writer);

    /// <summary>Where accesses go at time <paramref name="t"/>; null while the guest touches no memory (idle).</summary>
    public abstract AccessPattern? AccessPatternAt(SimTime t);

    /// <summary>Page writes per second at full speed at time <paramref name="t"/>.</summary>
    public abstract double WriteRateAt(SimTime t);

    /// <summary>The largest <see cref="WriteRateAt"/> over all time (bounds the fault process).</summary>
    public abstract double MaxWriteRate { get; }

    /// <summary>Page writes the guest would make at full speed over [<paramref name="from"/>, <paramref name="to"/>) at <paramref name="speed"/> (fraction of full speed), as a real number.</summary>
    protected static double Writes(double ratePagesPerSecond, SimTime from, SimTime to, double speed) =>
        ratePagesPerSecond * (to - from).Seconds * speed;
}
