using MigrationSim.Kernel;
using MigrationSim.Model.Memory;

namespace MigrationSim.Model.Workloads;

/// <summary>Writes nothing.</summary>
public sealed class IdleWorkload : Workload
{
    public override void Advance(SimTime from, SimTime to, double speed, IPageWriter writer) { }

    public override AccessPattern? AccessPatternAt(SimTime t) => null;

    public override double WriteRateAt(SimTime t) => 0;

    public override double MaxWriteRate => 0;
}
