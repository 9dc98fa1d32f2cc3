using MigrationSim.Kernel;

namespace MigrationSim.Model.Policies;

/// <summary>
/// A dirty bitmap sync as a policy (or an observer) sees it: the iteration that just ended and
/// what the sync added.
/// </summary>
/// <param name="Time">When the sync ran.</param>
/// <param name="DirtySyncCount">dirty-sync-count after this sync.</param>
/// <param name="EndedIteration">Number of the iteration that this sync closed (1 = the bulk pass).</param>
/// <param name="NewlyDirtyPages">Pages the sync added to the migration bitmap.</param>
/// <param name="PendingPages">Pages in the migration bitmap after the sync.</param>
/// <param name="BytesSentInIteration">Bytes sent during the iteration that ended.</param>
/// <param name="PageWireBytes">Bytes a normal page takes on the wire (page plus header).</param>
/// <param name="DuringCompletion">True for the final sync with the guest stopped (completion or postcopy switch).</param>
public readonly record struct SyncInfo(
    SimTime Time,
    long DirtySyncCount,
    int EndedIteration,
    long NewlyDirtyPages,
    long PendingPages,
    long BytesSentInIteration,
    double PageWireBytes,
    bool DuringCompletion);
