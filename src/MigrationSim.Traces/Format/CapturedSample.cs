using MigrationSim.Traces.QueryMigrate;

namespace MigrationSim.Traces.Format;

/// <summary>One row of trace.csv: a query-migrate reply and when it was taken, in milliseconds since migrate was issued.</summary>
public sealed record CapturedSample(long ElapsedMs, MigrationInfo Info);
