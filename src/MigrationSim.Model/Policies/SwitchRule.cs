using MigrationSim.Kernel;

namespace MigrationSim.Model.Policies;

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

    /// <summary>At least one trigger is set.</summary>
    public bool HasTrigger => AfterIterations is not null || AfterTime is not null || OnStall is not null;

    /// <summary>Switch at the first iterate check (pure postcopy).</summary>
    public static SwitchRule Immediately => new() { AfterIterations = 0 };

    /// <summary>How the rule reads in a summary: "after 2 iterations", "after 30 s", "on stall".</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (AfterIterations is { } n) parts.Add(n == 0 ? "immediately" : n == 1 ? "after 1 iteration" : $"after {n} iterations");
        if (AfterTime is { } t) parts.Add($"after {t}");
        if (OnStall is not null) parts.Add("on stall");
        return string.Join(" or ", parts);
    }
}

/// <summary>
/// Precopy is stalling when, for <see cref="Iterations"/> iterations in a row, the guest dirtied
/// pages at more than <see cref="DirtyFraction"/> of the rate the migration sent them, or the
/// pending amount at the sync did not shrink.
/// </summary>
public sealed record StallRule(double DirtyFraction, int Iterations);
