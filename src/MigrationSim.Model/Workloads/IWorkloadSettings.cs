namespace MigrationSim.Model.Workloads;

/// <summary>
/// A scenario's <c>workload:</c> keys as a kind reads them (<see cref="WorkloadDefinition.Parse"/>),
/// with units parsed as scenario files write them. A malformed value, or one outside the range
/// given, fails with the file, line and key; so does a required key that is missing.
/// </summary>
public interface IWorkloadSettings
{
    /// <summary>True inside a phase of a phased workload (a phase cannot itself be phased).</summary>
    bool IsPhase { get; }

    /// <summary><c>working-set</c> in pages, rounded up ("1GiB"); a phase without one has its phased workload's. Required.</summary>
    long WorkingSetPages();

    /// <summary><c>rate</c> in page writes per second ("20000 pages/s", "20k pages/s", or a byte rate divided by the page size). Required.</summary>
    double RatePagesPerSecond();

    /// <summary>A number in [min, max]; null when the key is absent.</summary>
    double? Number(string key, double min, double max);

    /// <summary>
    /// The list under <paramref name="key"/> as phases: each item has a <c>duration</c> and is a
    /// workload of its own kind, read with the same rules (and inheriting this working set). Required, not empty.
    /// </summary>
    IReadOnlyList<WorkloadPhase> Phases(string key);

    /// <summary>A required key that is absent, with an example of what to write.</summary>
    Exception Missing(string key, string example);

    /// <summary>An error located at <paramref name="key"/> (or the section when null), to throw when a value is invalid.</summary>
    Exception Error(string? key, string problem);
}
