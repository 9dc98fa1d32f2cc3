using MigrationSim.Qemu.Capture;

namespace MigrationSim.Qemu.Concurrent;

/// <summary>Progress of one migration of a concurrent capture.</summary>
public sealed record ConcurrentCaptureProgress(string Migration, CaptureProgress Progress);
