namespace MigrationSim.Qemu.Capture;

/// <summary>A capture folder read back: its samples and its summary.</summary>
public sealed record CaptureTrace(string Folder, IReadOnlyList<MigrationSample> Samples, CaptureSummary Summary);
