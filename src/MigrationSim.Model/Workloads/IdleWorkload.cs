using MigrationSim.Kernel;
using MigrationSim.Model.Memory;

namespace MigrationSim.Model.Workloads;

/// <summary>Writes nothing.</summary>
public sealed class IdleWorkload : Workload
{
    /// <inheritdoc/>
    public override void Advance(SimTime from, SimTime to, double speed, IPageWriter writer) { }

    /// <inheritdoc/>
    public override AccessPattern? AccessPatternAt(SimTime t) => null;

    /// <inheritdoc/>
    public override double WriteRateAt(SimTime t) => 0;

    /// <inheritdoc/>
    public override double MaxWriteRate => 0;
}
