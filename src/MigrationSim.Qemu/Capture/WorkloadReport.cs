namespace MigrationSim.Qemu.Capture;

/// <summary>
/// One "migsim: t=... writes=... total=..." line from the guest's serial console.
/// <see cref="GuestSeconds"/> and <see cref="TotalWrites"/> live in guest memory, so they continue
/// across a migration: the destination's first line follows on from the source's last.
/// </summary>
/// <param name="ReceivedUtc">When the host read the line from the serial log (within one poll of when it was written).</param>
/// <param name="GuestSeconds">Guest CLOCK_MONOTONIC seconds since the workload became ready.</param>
/// <param name="Writes">Page writes since the previous line.</param>
/// <param name="TotalWrites">Page writes since ready.</param>
public sealed record WorkloadReport(DateTimeOffset ReceivedUtc, double GuestSeconds, long Writes, long TotalWrites);
