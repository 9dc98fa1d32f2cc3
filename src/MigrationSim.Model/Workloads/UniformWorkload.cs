using MigrationSim.Kernel;
using MigrationSim.Model.Memory;

namespace MigrationSim.Model.Workloads;

public sealed class UniformWorkload(long firstPage, UniformWorkloadSpec spec, RandomStream rng) : Workload
{
    public override void Advance(SimTime from, SimTime to, double speed, IPageWriter writer) =>
        RegionToucher.Touch(firstPage, spec.Pages, Writes(spec.RatePagesPerSecond, from, to, speed), rng, writer);

    private readonly UniformAccess _access = new(firstPage, spec.Pages);

    public override AccessPattern? AccessPatternAt(SimTime t) => _access;

    public override double WriteRateAt(SimTime t) => spec.RatePagesPerSecond;

    public override double MaxWriteRate => spec.RatePagesPerSecond;
}
