namespace MigrationSim.Traces.Capture;

/// <summary>When the runner issues migrate-start-postcopy.</summary>
public enum PostcopySwitchKind
{
    /// <summary>Never: pure precopy (even with postcopy-ram on).</summary>
    None,
    /// <summary>As soon as query-migrate shows dirty-sync-count >= N.</summary>
    AfterDirtySyncCount,
    /// <summary>Once this long has passed since migrate was issued.</summary>
    AfterElapsed,
    /// <summary>Right after migrate is issued (postcopy from the first pass).</summary>
    Immediately,
}
