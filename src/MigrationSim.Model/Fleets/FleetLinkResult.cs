namespace MigrationSim.Model.Fleets;

/// <summary>What one link of the fleet carried.</summary>
/// <param name="Name">"node-01 up", "node-02 down", "rack r1 up", "shared".</param>
/// <param name="CapacityBytesPerSecond">Its capacity.</param>
/// <param name="PeakUtilisation">Highest load over capacity, 0-1.</param>
/// <param name="CarriedBytes">Bytes it carried.</param>
/// <param name="CarriedPerSecond">Bytes carried in each second from the start.</param>
public sealed record FleetLinkResult(string Name, double CapacityBytesPerSecond, double PeakUtilisation, double CarriedBytes, IReadOnlyList<double> CarriedPerSecond);
