namespace MigrationSim.Model.Fleets;

/// <summary>A fleet run: every migration, every link, and the fleet's figures. Times in ms, sizes in bytes.</summary>
public sealed record FleetResult
{
    /// <summary>The fleet's name.</summary>
    public required string Name { get; init; }
    /// <summary>What was done, as the summary prints it ("evacuate node-01 (least-loaded, 22 guests)").</summary>
    public required string Operation { get; init; }
    /// <summary>The orchestrator and its settings, as the summary prints them.</summary>
    public required string Orchestrator { get; init; }
    /// <summary>One row per migration, in request order.</summary>
    public required IReadOnlyList<FleetGuestResult> Guests { get; init; }
    /// <summary>Every link of the fabric and what it carried.</summary>
    public required IReadOnlyList<FleetLinkResult> Links { get; init; }

    /// <summary>From the operation's start to the end of its last migration (the drain time of an evacuation), ms.</summary>
    public double MakespanMs => Guests.Select(g => g.EndMs ?? 0).DefaultIfEmpty(0).Max();

    /// <summary>Migrations after which the guest runs on its destination (including postcopy and paused completions).</summary>
    public int Completed => Guests.Count(g => g.Outcome is FleetOutcome.Completed or FleetOutcome.CompletedInPostcopy or FleetOutcome.ForcedToPostcopy or FleetOutcome.Paused);
    /// <summary>Migrations cancelled by the orchestrator or max-time.</summary>
    public int Aborted => Guests.Count(g => g.Outcome == FleetOutcome.Aborted);
    /// <summary>Migrations never issued.</summary>
    public int NotStarted => Guests.Count(g => g.Outcome == FleetOutcome.NotStarted);
    /// <summary>Migrations the orchestrator switched to postcopy.</summary>
    public int ForcedToPostcopy => Guests.Count(g => g.Outcome == FleetOutcome.ForcedToPostcopy);
    /// <summary>Migrations completed after the orchestrator paused the guest.</summary>
    public int Paused => Guests.Count(g => g.Outcome == FleetOutcome.Paused);
    /// <summary>Completed migrations whose pause exceeded their guest's downtime SLA.</summary>
    public int OverSla => Guests.Count(g => g.OverSla);

    /// <summary>QEMU's downtimes summed over every completed migration, ms.</summary>
    public double TotalDowntimeMs => Guests.Sum(g => g.DowntimeMs ?? 0);
    /// <summary>Longest QEMU downtime, ms.</summary>
    public double MaxDowntimeMs => Guests.Select(g => g.DowntimeMs ?? 0).DefaultIfEmpty(0).Max();
    /// <summary>Longest pause a guest saw (stop on the source to running on the destination), ms.</summary>
    public double MaxGuestPauseMs => Guests.Select(g => g.GuestPauseMs ?? 0).DefaultIfEmpty(0).Max();
    /// <summary>Bytes sent by every migration together.</summary>
    public long TransferredBytes => Guests.Sum(g => g.TransferredBytes);

    /// <summary>Guest work lost to the migrations, guest-seconds.</summary>
    public double ProgressLostSeconds => Guests.Sum(g => g.ProgressLostSeconds);

    /// <summary>Summed postcopy exposure windows, ms.</summary>
    public double ExposureMs => Guests.Sum(g => g.ExposureMs ?? 0);

    /// <summary>Highest load over capacity any link saw, 0-1.</summary>
    public double PeakLinkUtilisation => Links.Select(l => l.PeakUtilisation).DefaultIfEmpty(0).Max();

    /// <summary>Simulator events fired (cost of the run).</summary>
    public long Events { get; init; }

    /// <summary>Network re-shares (cost of the run).</summary>
    public long Reshares { get; init; }
}
