using MigrationSim.Kernel;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Workloads;

namespace MigrationSim.Model.Fleets;

/// <summary>A guest of a fleet, as a scenario describes one, placed on a host.</summary>
/// <param name="Name">Unique name.</param>
/// <param name="Host">Where it runs before the operation.</param>
/// <param name="Seed">Seed of its own random streams (workload, postcopy faults).</param>
/// <param name="Guest">Its memory.</param>
/// <param name="Workload">How it writes.</param>
/// <param name="Settings">How it migrates when no orchestrator says otherwise (QEMU parameters, policy, host constants).</param>
/// <param name="MaxDowntime">Its downtime SLA; null: none.</param>
public sealed record FleetGuest(string Name, string Host, ulong Seed, GuestSpec Guest, WorkloadSpec Workload, MigrationSettings Settings, SimTime? MaxDowntime);
