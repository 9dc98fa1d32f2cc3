namespace MigrationSim.Traces.Format;

/// <summary>A capture folder read back: its samples and its summary.</summary>
public sealed record CaptureTrace(string Folder, IReadOnlyList<CapturedSample> Samples, CaptureSummary Summary);
