namespace MigrationSim.Model.Results;

/// <summary>query-migrate's status values, spelled as QEMU spells them.</summary>
public static class MigrationStatus
{
    public const string Setup = "setup";
    public const string Active = "active";
    public const string PostcopyActive = "postcopy-active";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";
    public const string Failed = "failed";
}
