using MigrationSim.Kernel;
using MigrationSim.Model.Memory;

namespace MigrationSim.Model.Workloads;

/// <summary>Writes nothing.</summary>
public sealed class IdleWorkload : Workload
{
    public override void Advance(SimTime from, SimTime to, double speed, IPageWriter writer) { }
}
