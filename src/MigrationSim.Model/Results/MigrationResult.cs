namespace MigrationSim.Model.Results;

/// <summary>Everything one migration produced: the summary, the iterations and the query-migrate polls, plus what the contract checks need.</summary>
/// <param name="Summary">The final figures.</param>
/// <param name="Iterations">One record per dirty bitmap sync, in order.</param>
/// <param name="Timeline">The query-migrate polls, in time order (thinned on very long runs, see TimelineOptions).</param>
public sealed record MigrationResult(
    MigrationSummary Summary,
    IReadOnlyList<IterationRecord> Iterations,
    IReadOnlyList<MigrationSample> Timeline)
{
    /// <summary>Pages whose destination copy is stale at the end (audited runs only; else null).</summary>
    public long? StalePagesOnDestination { get; init; }

    /// <summary>
    /// Destination page faults (postcopy), in time order: every one, or a systematic sample of one in
    /// <see cref="MigrationSummary.FaultsCsvOneIn"/> when there were more than 65,536 (the summary's count
    /// and percentiles cover them all; <c>MigrationProcess.Faulted</c> sees each one).
    /// </summary>
    public IReadOnlyList<FaultRecord> Faults { get; init; } = [];

    /// <summary>Requests for a page that had been requested before (postcopy): 0 unless the engine is broken.</summary>
    public long RequestedTwice { get; init; }

    /// <summary>Faults that sent a request (the first on their page); equals the summary's postcopy-requests.</summary>
    public long FirstFaults { get; init; }

    /// <summary>Pages missing on the destination at the switch (not sent, or dirtied after being sent).</summary>
    public long PagesMissingAtSwitch { get; init; }

    /// <summary>Pages sent after the switch (background and requested); each missing page exactly once.</summary>
    public long PagesSentInPostcopy { get; init; }
}
