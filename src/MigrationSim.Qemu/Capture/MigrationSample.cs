using MigrationSim.Qemu.Qmp;

namespace MigrationSim.Qemu.Capture;

/// <summary>One query-migrate reply and when it was taken, in milliseconds since migrate was issued.</summary>
public sealed record MigrationSample(long ElapsedMs, MigrationInfo Info);
