namespace MigrationSim.Traces.Capture;

/// <summary>The rule for switching to postcopy, judged on each query-migrate sample.</summary>
public sealed record PostcopySwitchRule(PostcopySwitchKind Kind, long DirtySyncCount = 0, TimeSpan After = default)
{
    public static readonly PostcopySwitchRule Never = new(PostcopySwitchKind.None);

    public static PostcopySwitchRule Immediately => new(PostcopySwitchKind.Immediately);

    public static PostcopySwitchRule AfterSyncs(long count) => new(PostcopySwitchKind.AfterDirtySyncCount, DirtySyncCount: count);

    public static PostcopySwitchRule AfterTime(TimeSpan after) => new(PostcopySwitchKind.AfterElapsed, After: after);

    /// <summary>True when the switch should happen given the latest sample (only while status is "active").</summary>
    public bool ShouldSwitch(QueryMigrate.MigrationInfo latest, long elapsedMs) =>
        latest.Status == "active" && Kind switch
        {
            PostcopySwitchKind.Immediately => true,
            PostcopySwitchKind.AfterElapsed => elapsedMs >= After.TotalMilliseconds,
            PostcopySwitchKind.AfterDirtySyncCount => (latest.Ram?.DirtySyncCount ?? 0) >= DirtySyncCount,
            _ => false,
        };
}
