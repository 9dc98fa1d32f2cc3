using MigrationSim.Traces.Format;
namespace MigrationSim.Qemu.Capture;

/// <summary>What <see cref="QemuMigrationRunner.RunAsync"/> produced: the finished folder and its contents.</summary>
public sealed record CaptureResult(string TraceFolder, CaptureSummary Summary, IReadOnlyList<CapturedSample> Samples);
