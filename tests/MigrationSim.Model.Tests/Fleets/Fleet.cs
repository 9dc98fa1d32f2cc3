using MigrationSim.Kernel;
using MigrationSim.Model.Fleets;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Orchestrators;
using MigrationSim.Model.Orchestrators.Direct;
using MigrationSim.Model.Workloads;

namespace MigrationSim.Model.Tests.Fleets;

/// <summary>Builders for small fleets in tests.</summary>
internal static class Fleet
{
    public const double MiB = 1 << 20;

    public static FleetHost Host(string name, double nic, long memory = 1L << 40) => new(name, nic, nic, memory);

    public static FleetGuest Guest(string name, string host, long memoryBytes, WorkloadSpec? workload = null, ulong seed = 1,
        MigrationParameters? parameters = null, HostProfile? profile = null, Model.Policies.PolicySpec? policy = null, SimTime? sla = null, long? residentBytes = null) =>
        new(name, host, seed, new GuestSpec(memoryBytes, 4096, residentBytes ?? memoryBytes - (workload?.WorkingSetPages ?? 0) * 4096), workload ?? new IdleWorkloadSpec(),
            new MigrationSettings
            {
                Name = name, Seed = seed, Parameters = parameters ?? new MigrationParameters(), Host = profile ?? new HostProfile(),
                Policy = policy ?? Model.Policies.PrecopySpec.Instance,
            }, sla);

    /// <summary>Unlimited max-bandwidth (what libvirt sets).</summary>
    public static MigrationParameters Unlimited(double downtimeMs = 300, double maxTimeSeconds = 3600) => new()
    {
        MaxBandwidthBytesPerSecond = double.PositiveInfinity,
        DowntimeLimit = SimTime.FromMilliseconds(downtimeMs),
        MaxTime = SimTime.FromSeconds(maxTimeSeconds),
    };

    public static FleetSpec Spec(IReadOnlyList<FleetHost> hosts, IReadOnlyList<FleetGuest> guests, IEnumerable<(string Guest, string To, double AtSeconds)> plan,
        OrchestratorSpec? orchestrator = null, FleetNetwork? network = null)
    {
        var byName = guests.ToDictionary(g => g.Name);
        return new FleetSpec
        {
            Hosts = hosts,
            Guests = guests,
            Network = network ?? new FleetNetwork(),
            Requests = plan.Select((p, i) => new MigrationRequest(i, p.Guest, byName[p.Guest].Host, p.To, SimTime.FromSeconds(p.AtSeconds), [])).ToList(),
            Orchestrator = orchestrator ?? DirectSpec.Instance,
        };
    }
}
