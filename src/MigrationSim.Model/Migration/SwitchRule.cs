using MigrationSim.Kernel;

namespace MigrationSim.Model.Migration;

/// <summary>
/// When a hybrid migration issues migrate-start-postcopy. Any trigger that is set can fire; the
/// first one wins. QEMU then switches at the next iteration step, unless precopy has already
/// converged (pending below the threshold), in which case it completes as precopy.
/// </summary>
public sealed record SwitchRule
{
    /// <summary>Switch once this many precopy iterations have completed (dirty-sync-count &gt; N); 0 = at once (pure postcopy).</summary>
    public int? AfterIterations { get; init; }

    /// <summary>Switch once the migration has run this long.</summary>
    public SimTime? AfterTime { get; init; }

    /// <summary>Switch when precopy stalls (see <see cref="StallRule"/>).</summary>
    public StallRule? OnStall { get; init; }

    public bool HasTrigger => AfterIterations is not null || AfterTime is not null || OnStall is not null;

    public static SwitchRule Immediately => new() { AfterIterations = 0 };
}

/// <summary>
/// Precopy is stalling when, for <see cref="Iterations"/> iterations in a row, the guest dirtied
/// pages at more than <see cref="DirtyFraction"/> of the rate the migration sent them, or the
/// pending amount at the sync did not shrink.
/// </summary>
public sealed record StallRule(double DirtyFraction, int Iterations);
