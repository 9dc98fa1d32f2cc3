namespace MigrationSim.Model.Fleets.Operations;

/// <summary>An operation cannot be planned (no host has room, a given destination is full or evacuated).</summary>
public sealed class PlacementException(string message) : Exception(message);
