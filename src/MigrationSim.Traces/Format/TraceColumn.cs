using MigrationSim.Traces.QueryMigrate;

namespace MigrationSim.Traces.Format;

/// <summary>One trace.csv column: its QEMU name, how to print it and how to read it back.</summary>
internal sealed record TraceColumn(string Name, Func<MigrationInfo, string?> Format, Func<MigrationInfo, string, MigrationInfo> Parse);
