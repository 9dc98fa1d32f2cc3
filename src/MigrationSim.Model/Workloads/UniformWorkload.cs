using MigrationSim.Kernel;
using MigrationSim.Model.Memory;

namespace MigrationSim.Model.Workloads;

public sealed class UniformWorkload(long firstPage, UniformWorkloadSpec spec, RandomStream rng) : Workload
{
    public override void Advance(SimTime from, SimTime to, double speed, IPageWriter writer) =>
        RegionToucher.Touch(firstPage, spec.Pages, Writes(spec.RatePagesPerSecond, from, to, speed), rng, writer);
}
