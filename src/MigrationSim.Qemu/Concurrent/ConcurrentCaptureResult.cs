using MigrationSim.Qemu.Capture;

namespace MigrationSim.Qemu.Concurrent;

/// <summary>A finished concurrent capture: its folder, each migration's capture and the fleet figures.</summary>
/// <param name="Folder">The capture's folder (one capture folder per migration plus fleet.json).</param>
/// <param name="Captures">In the order of the spec's migrations.</param>
/// <param name="StartMs">When each migrate was issued, ms after the first one.</param>
/// <param name="EndMs">When each migration ended (its migrate plus its total-time, or the poller's time when QEMU reports none), ms after the first migrate.</param>
/// <param name="MakespanMs">From the first migrate to the end of the last migration (its migrate plus its total-time), ms.</param>
public sealed record ConcurrentCaptureResult(string Folder, IReadOnlyList<CaptureResult> Captures, IReadOnlyList<double> StartMs, IReadOnlyList<double> EndMs, double MakespanMs);
