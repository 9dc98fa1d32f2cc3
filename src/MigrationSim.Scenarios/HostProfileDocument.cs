using MigrationSim.Model.Migration;

namespace MigrationSim.Scenarios;

/// <summary>A host profile file read back: its constants and the keys its calibration could not fit.</summary>
public sealed record HostProfileDocument(HostProfile Profile, IReadOnlyList<string> Unfitted);
