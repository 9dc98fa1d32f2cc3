using MigrationSim.Kernel;
using MigrationSim.Model.Memory;

namespace MigrationSim.Model.Workloads;

/// <summary>Uniform writes over the working set.</summary>
/// <param name="firstPage">First page of the working set.</param>
/// <param name="spec">Size and rate.</param>
/// <param name="rng">Its random stream.</param>
public sealed class UniformWorkload(long firstPage, UniformWorkloadSpec spec, RandomStream rng) : Workload
{
    /// <inheritdoc/>
    public override void Advance(SimTime from, SimTime to, double speed, IPageWriter writer) =>
        RegionToucher.Touch(firstPage, spec.Pages, Writes(spec.RatePagesPerSecond, from, to, speed), rng, writer);

    private readonly UniformAccess _access = new(firstPage, spec.Pages);

    /// <inheritdoc/>
    public override AccessPattern? AccessPatternAt(SimTime t) => _access;

    /// <inheritdoc/>
    public override double WriteRateAt(SimTime t) => spec.RatePagesPerSecond;

    /// <inheritdoc/>
    public override double MaxWriteRate => spec.RatePagesPerSecond;
}
