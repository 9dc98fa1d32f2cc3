using MigrationSim.Model.Migration;

namespace MigrationSim.Scenarios.Sweeps;

/// <summary>One simulation of a sweep: a point, its replication number (0-based) and the seed derived for it.</summary>
public sealed record SweepRun(SweepPoint Point, int Replication, ulong Seed)
{
    /// <summary>The point's scenario with this run's seed.</summary>
    public SimulationInput Input => Point.Scenario.Input with { Seed = Seed };
}
