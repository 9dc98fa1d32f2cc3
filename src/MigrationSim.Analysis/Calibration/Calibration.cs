using MigrationSim.Model.Migration;

namespace MigrationSim.Analysis.Calibration;

/// <summary>Fitted host constants, and for each one how it was estimated and from how many traces.</summary>
public sealed record Calibration(HostProfile Profile, IReadOnlyList<string> Notes);
