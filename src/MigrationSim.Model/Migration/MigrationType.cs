namespace MigrationSim.Model.Migration;

/// <summary>The seed text's three kinds of migration, by the guest's state while it moves.</summary>
public enum MigrationType
{
    /// <summary>The guest runs on the source while its memory is copied; paused only for the switchover.</summary>
    Live,
    /// <summary>The guest is paused on the source for the whole migration: nothing is dirtied; downtime = total time.</summary>
    Online,
    /// <summary>Only the guest's definition moves; it stays shut off on the destination; no memory is sent.</summary>
    Offline,
}
