using MigrationSim.Kernel;
using MigrationSim.Model.Policies;

namespace MigrationSim.Model.Migration;

/// <summary>How one migration is run: everything apart from the guest it moves and the network it crosses.</summary>
public sealed record MigrationSettings
{
    /// <summary>Name the results carry (the scenario's name).</summary>
    public string Name { get; init; } = "migration";

    /// <summary>Seed the results report (the random streams themselves are passed in).</summary>
    public ulong Seed { get; init; }

    /// <summary>live, online or offline.</summary>
    public MigrationType Type { get; init; } = MigrationType.Live;

    /// <summary>The policy and its settings.</summary>
    public PolicySpec Policy { get; init; } = PrecopySpec.Instance;

    /// <summary>QEMU's migration parameters and the simulator's stop limits.</summary>
    public MigrationParameters Parameters { get; init; } = new();

    /// <summary>Postcopy phase settings (policies that switch to postcopy).</summary>
    public PostcopyParameters Postcopy { get; init; } = new();

    /// <summary>Constants of the hosts.</summary>
    public HostProfile Host { get; init; } = new();

    /// <summary>Interval of the timeline samples (query-migrate polls).</summary>
    public SimTime SampleInterval { get; init; } = SimTime.FromMilliseconds(100);

    /// <summary>How many polls the result keeps (long runs are thinned).</summary>
    public TimelineOptions Timeline { get; init; } = TimelineOptions.Default;
}
