using MigrationSim.Kernel;
using MigrationSim.Model.Policies;

namespace MigrationSim.Model.Migration;

/// <summary>
/// The guest stopped on the source: to complete (precopy) or to move to the destination
/// (postcopy switch). Sizes in bytes.
/// </summary>
/// <param name="Time">When the guest stopped.</param>
/// <param name="Action"><see cref="MigrationAction.Complete"/> or <see cref="MigrationAction.StartPostcopy"/>.</param>
/// <param name="Reason">Why, as the policy said ("converged", "after 2 iterations").</param>
/// <param name="PendingBytes">Pending when the decision was taken (before the final sync).</param>
/// <param name="ThresholdBytes">The threshold it was compared with.</param>
public readonly record struct StopInfo(SimTime Time, MigrationAction Action, string Reason, long PendingBytes, long ThresholdBytes);
