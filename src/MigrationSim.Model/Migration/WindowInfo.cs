using MigrationSim.Kernel;

namespace MigrationSim.Model.Migration;

/// <summary>
/// A closed 100 ms rate-limit window (migration_update_counters): how much went out and what the
/// limit allowed. Bytes and bytes per second.
/// </summary>
/// <param name="Start">When the window opened.</param>
/// <param name="End">When it closed (at the first pass of the migration loop 100 ms or more after it opened).</param>
/// <param name="Bytes">Bytes sent in it (requested postcopy pages included).</param>
/// <param name="LimitBytes">What the window could carry: max-bandwidth / 10 (+infinity without a limit).</param>
/// <param name="BandwidthBytesPerSecond">Bytes over the window's length: the bandwidth the stop rule uses.</param>
/// <param name="InPostcopy">The window belongs to the postcopy phase (requested pages may exceed the limit there, as in QEMU).</param>
public readonly record struct WindowInfo(SimTime Start, SimTime End, double Bytes, double LimitBytes, double BandwidthBytesPerSecond, bool InPostcopy);
