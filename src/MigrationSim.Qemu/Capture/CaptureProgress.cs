using MigrationSim.Qemu.Qmp;
using MigrationSim.Traces.QueryMigrate;

namespace MigrationSim.Qemu.Capture;

/// <summary>Reported while a capture runs.</summary>
/// <param name="Stage">"building image", "booting", "waiting for workload", "migrating", "checking destination", "writing trace".</param>
/// <param name="ElapsedMs">Milliseconds since migrate was issued (0 before).</param>
/// <param name="Latest">The latest query-migrate sample, when migrating.</param>
/// <param name="SourcePid">qemu process id of the source, once started.</param>
/// <param name="DestinationPid">qemu process id of the destination, once started.</param>
public sealed record CaptureProgress(string Stage, long ElapsedMs, MigrationInfo? Latest, int? SourcePid, int? DestinationPid);
