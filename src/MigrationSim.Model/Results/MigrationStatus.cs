namespace MigrationSim.Model.Results;

/// <summary>query-migrate's status values, spelled as QEMU spells them.</summary>
public static class MigrationStatus
{
    /// <summary>Before the first bitmap sync.</summary>
    public const string Setup = "setup";
    /// <summary>Precopy iterating.</summary>
    public const string Active = "active";
    /// <summary>The guest runs on the destination while its memory follows.</summary>
    public const string PostcopyActive = "postcopy-active";
    /// <summary>Done: the guest runs on the destination.</summary>
    public const string Completed = "completed";
    /// <summary>Given up (max-time, max-iterations, a policy or an operator): the guest stays on the source.</summary>
    public const string Cancelled = "cancelled";
    /// <summary>A real migration that failed (captures only).</summary>
    public const string Failed = "failed";
}
