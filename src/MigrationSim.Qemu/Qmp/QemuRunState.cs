using System.Text.Json;

namespace MigrationSim.Qemu.Qmp;

/// <summary>The reply of query-status.</summary>
/// <param name="Status">QEMU's RunState name, e.g. "running", "paused", "inmigrate", "postmigrate".</param>
/// <param name="Running">True when the vCPUs run.</param>
public sealed record QemuRunState(string Status, bool Running)
{
    public static QemuRunState FromJson(JsonElement reply) =>
        new(reply.GetProperty("status").GetString() ?? "", reply.GetProperty("running").GetBoolean());
}
