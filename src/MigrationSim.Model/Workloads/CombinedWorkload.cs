using MigrationSim.Kernel;
using MigrationSim.Model.Memory;

namespace MigrationSim.Model.Workloads;

/// <summary>
/// The scenario's workload plus the guest kernel's own background writes. Only the scenario's
/// workload defines where accesses go (postcopy faults): the background writer touches pages
/// the guest keeps resident and rarely.
/// </summary>
public sealed class CombinedWorkload(Workload main, Workload background) : Workload
{
    /// <inheritdoc/>
    public override void Advance(SimTime from, SimTime to, double speed, IPageWriter writer)
    {
        main.Advance(from, to, speed, writer);
        background.Advance(from, to, speed, writer);
    }

    /// <inheritdoc/>
    public override AccessPattern? AccessPatternAt(SimTime t) => main.AccessPatternAt(t);

    /// <inheritdoc/>
    public override double WriteRateAt(SimTime t) => main.WriteRateAt(t);

    /// <inheritdoc/>
    public override double MaxWriteRate => main.MaxWriteRate;
}
