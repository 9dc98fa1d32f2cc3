using System.Text.Json;

namespace MigrationSim.Qemu.Qmp;

/// <summary>
/// An asynchronous QMP event (MIGRATION, STOP, RESUME, MIGRATION_PASS, ...).
/// </summary>
/// <param name="Name">QEMU's event name, e.g. "MIGRATION".</param>
/// <param name="Data">The event's "data" member, or an undefined element when QEMU sent none.</param>
/// <param name="QemuTimestampMicroseconds">QEMU's own timestamp (seconds * 1e6 + microseconds, wall clock of the host).</param>
/// <param name="ReceivedUtc">When this client read the event.</param>
public sealed record QmpEvent(string Name, JsonElement Data, long QemuTimestampMicroseconds, DateTimeOffset ReceivedUtc);
