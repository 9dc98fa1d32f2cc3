namespace MigrationSim.Analysis.DirtyRate;

/// <summary>A dirty-rate file that cannot be read; the message names the file, line and what was expected.</summary>
public sealed class DirtyRateFormatException(string message) : Exception(message);
