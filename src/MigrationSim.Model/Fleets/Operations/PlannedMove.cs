namespace MigrationSim.Model.Fleets.Operations;

/// <summary>A guest an operation moves, and where.</summary>
public sealed record PlannedMove(FleetGuest Guest, string From, string To);
