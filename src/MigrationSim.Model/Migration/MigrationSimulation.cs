using MigrationSim.Model.Results;

namespace MigrationSim.Model.Migration;

/// <summary>Entry point: simulates one migration, dispatching on its type and policy.</summary>
public static class MigrationSimulation
{
    public static MigrationResult Run(SimulationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Type == MigrationType.Offline)
            return Offline(input);
        return new MigrationEngine(input).Run();
    }

    /// <summary>
    /// Offline: the guest is (or is left) shut off and only its definition is created on the
    /// destination. No memory moves and the guest never runs there, so there is no downtime to
    /// report; the cost is the switchover (defining the guest).
    /// </summary>
    private static MigrationResult Offline(SimulationInput input)
    {
        double ms = input.Host.SwitchoverCost.Milliseconds;
        var summary = new MigrationSummary
        {
            Scenario = input.Name,
            Type = "offline",
            Policy = input.Policy.ToString().ToLowerInvariant(),
            Seed = input.Seed,
            Status = MigrationStatus.Completed,
            Converged = true,
            Outcome = "offline: guest defined on the destination and left shut off; no memory transferred",
            TotalTimeMs = ms,
            DowntimeMs = null,
            RamTotal = input.Guest.MemoryBytes + input.Host.ExtraRamBytes,
        };
        var sample = new MigrationSample { ElapsedMs = ms, Status = MigrationStatus.Completed, TotalTimeMs = (long)ms, Total = summary.RamTotal };
        return new MigrationResult(summary, [], [sample]);
    }
}
