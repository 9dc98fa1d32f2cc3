using MigrationSim.Kernel;
using MigrationSim.Model.Network;
using MigrationSim.Model.Policies;
using MigrationSim.Model.Workloads;

namespace MigrationSim.Model.Migration;

/// <summary>Everything one simulated migration depends on; a run is a pure function of it.</summary>
public sealed record SimulationInput
{
    /// <summary>Name the results carry.</summary>
    public string Name { get; init; } = "scenario";
    /// <summary>Seed every random stream derives from.</summary>
    public ulong Seed { get; init; }
    /// <summary>The guest's memory.</summary>
    public required GuestSpec Guest { get; init; }
    /// <summary>What the guest writes (idle by default).</summary>
    public WorkloadSpec Workload { get; init; } = new IdleWorkloadSpec();
    /// <summary>The dedicated link between the hosts.</summary>
    public required Link Link { get; init; }
    /// <summary>live, online or offline.</summary>
    public MigrationType Type { get; init; } = MigrationType.Live;
    /// <summary>The policy and its settings (QEMU's precopy unless the scenario names another).</summary>
    public PolicySpec Policy { get; init; } = PrecopySpec.Instance;
    /// <summary>QEMU's migration parameters and the simulator's stop limits.</summary>
    public MigrationParameters Parameters { get; init; } = new();

    /// <summary>Postcopy phase settings (postcopy and hybrid).</summary>
    public PostcopyParameters Postcopy { get; init; } = new();

    /// <summary>Constants of the hosts (fitted by validate).</summary>
    public HostProfile Host { get; init; } = new();

    /// <summary>Interval of the timeline samples (query-migrate polls).</summary>
    public SimTime SampleInterval { get; init; } = SimTime.FromMilliseconds(100);

    /// <summary>How many polls the result keeps (long runs are thinned).</summary>
    public TimelineOptions Timeline { get; init; } = TimelineOptions.Default;

    /// <summary>Track a version per page to prove the destination ends up current (tests; small guests only).</summary>
    public bool Audit { get; init; }

    /// <summary>The migration's own settings (everything but the guest, the link and the seed's streams).</summary>
    public MigrationSettings Settings => new()
    {
        Name = Name,
        Seed = Seed,
        Type = Type,
        Policy = Policy,
        Parameters = Parameters,
        Postcopy = Postcopy,
        Host = Host,
        SampleInterval = SampleInterval,
        Timeline = Timeline,
    };
}
