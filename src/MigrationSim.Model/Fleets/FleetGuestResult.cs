namespace MigrationSim.Model.Fleets;

/// <summary>
/// One migration of a fleet run (a row of guests.csv). Times in ms from the operation's start,
/// sizes in bytes; null where the migration never got that far.
/// </summary>
public sealed record FleetGuestResult
{
    /// <summary>The guest that moved.</summary>
    public required string Guest { get; init; }
    /// <summary>Its source host.</summary>
    public required string From { get; init; }
    /// <summary>Its destination host.</summary>
    public required string To { get; init; }

    /// <summary>When the request reached the orchestrator.</summary>
    public double QueuedMs { get; init; }

    /// <summary>When QEMU's migrate was issued; null if it never started.</summary>
    public double? StartMs { get; init; }

    /// <summary>When the migration ended (completed, aborted or cancelled), ms; null if it never started.</summary>
    public double? EndMs { get; init; }

    /// <summary>How the migration ended.</summary>
    public required FleetOutcome Outcome { get; init; }

    /// <summary>Why it ended so: the orchestrator's action, the simulator's outcome, or why it never started.</summary>
    public string Reason { get; init; } = "";

    /// <summary>QEMU's downtime, ms: from the stop until the source wrote the last byte (null unless it completed).</summary>
    public double? DowntimeMs { get; init; }

    /// <summary>The pause the guest sees, ms: from the stop on the source until it runs on the destination (null unless it completed).</summary>
    public double? GuestPauseMs { get; init; }

    /// <summary>The guest's downtime SLA, ms (null: none).</summary>
    public double? MaxDowntimeMs { get; init; }

    /// <summary>Completed with a pause longer than its SLA.</summary>
    public bool OverSla => DowntimeMs is { } d && MaxDowntimeMs is { } max && d > max;

    /// <summary>Bytes the migration sent (query-migrate ram.transferred).</summary>
    public long TransferredBytes { get; init; }
    /// <summary>Of those, bytes sent after the switch to postcopy.</summary>
    public long PostcopyBytes { get; init; }

    /// <summary>cpu-throttle-percentage at the end (auto-converge).</summary>
    public int ThrottlePercent { get; init; }

    /// <summary>postcopy-requests (pages the destination asked for).</summary>
    public long PostcopyRequests { get; init; }

    /// <summary>dirty-sync-count.</summary>
    public long Iterations { get; init; }

    /// <summary>When the guest stopped on the source (to complete or to switch), ms.</summary>
    public double? StopMs { get; init; }

    /// <summary>When it resumed on the destination in postcopy, ms.</summary>
    public double? ResumeMs { get; init; }

    /// <summary>Guest work done during its migration over the work it would have done without it, 0-1 (1 when it never started).</summary>
    public double GuestProgress { get; init; } = 1;

    /// <summary>Switch to completion in postcopy, ms (the guest is lost if either host fails meanwhile).</summary>
    public double? ExposureMs { get; init; }

    /// <summary>Migration time (start to end), ms.</summary>
    public double? DurationMs => StartMs is { } s && EndMs is { } e ? e - s : null;

    /// <summary>Work lost to the migration, guest-seconds: (1 - progress) x duration.</summary>
    public double ProgressLostSeconds => DurationMs is { } d ? (1 - GuestProgress) * d / 1000 : 0;
}
