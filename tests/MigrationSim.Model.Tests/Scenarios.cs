using MigrationSim.Kernel;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Policies;
using MigrationSim.Model.Network;
using MigrationSim.Model.Workloads;

namespace MigrationSim.Model.Tests;

/// <summary>Builders for test inputs, in the units scenario files use.</summary>
internal static class Scenarios
{
    public const double MiB = 1024 * 1024;
    public const long GiB = 1L << 30;

    public static SimulationInput Make(long memoryBytes, WorkloadSpec workload, double maxBandwidth, double link = 10e9 / 8,
        long residentBytes = 0, double downtimeMs = 300, MigrationType type = MigrationType.Live, ulong seed = 1,
        AutoConvergeParameters? autoConverge = null, double maxTimeSeconds = 3600, int maxIterations = 0, bool audit = false,
        PolicySpec? policy = null, PostcopyParameters? postcopy = null,
        double latencyUs = 100, double maxPostcopyBandwidth = double.PositiveInfinity) => new()
    {
        Policy = policy ?? PrecopySpec.Instance,
        Postcopy = postcopy ?? new PostcopyParameters(),
        Name = "test",
        Seed = seed,
        Guest = new GuestSpec(memoryBytes, 4096, residentBytes),
        Workload = workload,
        Link = new Link(link, SimTime.FromMicroseconds(latencyUs)),
        Type = type,
        Parameters = new MigrationParameters
        {
            DowntimeLimit = SimTime.FromMilliseconds(downtimeMs),
            MaxBandwidthBytesPerSecond = maxBandwidth,
            MaxPostcopyBandwidthBytesPerSecond = maxPostcopyBandwidth,
            AutoConverge = autoConverge ?? new AutoConvergeParameters(),
            MaxTime = SimTime.FromSeconds(maxTimeSeconds),
            MaxIterations = maxIterations,
        },
        Audit = audit,
    };
}
