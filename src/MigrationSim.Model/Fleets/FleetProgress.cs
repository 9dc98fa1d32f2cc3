using MigrationSim.Kernel;

namespace MigrationSim.Model.Fleets;

/// <summary>A fleet run's progress: migrations ended of those requested, and the simulated clock.</summary>
public readonly record struct FleetProgress(int Ended, int Total, SimTime Now);
