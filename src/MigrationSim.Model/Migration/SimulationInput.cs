using MigrationSim.Kernel;
using MigrationSim.Model.Network;
using MigrationSim.Model.Workloads;

namespace MigrationSim.Model.Migration;

/// <summary>Everything one simulated migration depends on; a run is a pure function of it.</summary>
public sealed record SimulationInput
{
    public string Name { get; init; } = "scenario";
    public ulong Seed { get; init; }
    public required GuestSpec Guest { get; init; }
    public WorkloadSpec Workload { get; init; } = new IdleWorkloadSpec();
    public required Link Link { get; init; }
    public MigrationType Type { get; init; } = MigrationType.Live;
    public MigrationPolicy Policy { get; init; } = MigrationPolicy.Precopy;
    public MigrationParameters Parameters { get; init; } = new();

    /// <summary>Postcopy phase settings (postcopy and hybrid).</summary>
    public PostcopyParameters Postcopy { get; init; } = new();

    /// <summary>When hybrid switches to postcopy. Postcopy switches at once; precopy never.</summary>
    public SwitchRule? Switch { get; init; }
    public HostProfile Host { get; init; } = new();

    /// <summary>Interval of the timeline samples (query-migrate polls).</summary>
    public SimTime SampleInterval { get; init; } = SimTime.FromMilliseconds(100);

    /// <summary>Track a version per page to prove the destination ends up current (tests; small guests only).</summary>
    public bool Audit { get; init; }
}
