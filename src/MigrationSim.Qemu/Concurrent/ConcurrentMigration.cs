using MigrationSim.Qemu.Capture;

namespace MigrationSim.Qemu.Concurrent;

/// <summary>One migration of a concurrent capture.</summary>
/// <param name="Name">Its capture folder's name inside the concurrent capture's folder.</param>
/// <param name="Spec">The guest, settings and limits, as for a single capture (its OutputDirectory and CaptureName are replaced).</param>
/// <param name="StartOffset">When its migrate is issued, after the moment every guest of the capture is ready.</param>
/// <param name="SourceHost">Host of the source QEMU (a <see cref="HostLink"/> name); ignored on a shared link.</param>
/// <param name="DestinationHost">Host of the destination QEMU; ignored on a shared link.</param>
public sealed record ConcurrentMigration(string Name, CaptureSpec Spec, TimeSpan StartOffset, string? SourceHost = null, string? DestinationHost = null);
