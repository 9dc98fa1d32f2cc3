namespace MigrationSim.Model.Fleets;

/// <summary>A fleet run: every migration, every link, and the fleet's figures. Times in ms, sizes in bytes.</summary>
public sealed record FleetResult
{
    public required string Name { get; init; }
    public required string Operation { get; init; }
    public required string Orchestrator { get; init; }
    public required IReadOnlyList<FleetGuestResult> Guests { get; init; }
    public required IReadOnlyList<FleetLinkResult> Links { get; init; }

    /// <summary>From the operation's start to the end of its last migration (the drain time of an evacuation), ms.</summary>
    public double MakespanMs => Guests.Select(g => g.EndMs ?? 0).DefaultIfEmpty(0).Max();

    public int Completed => Guests.Count(g => g.Outcome is FleetOutcome.Completed or FleetOutcome.CompletedInPostcopy or FleetOutcome.ForcedToPostcopy or FleetOutcome.Paused);
    public int Aborted => Guests.Count(g => g.Outcome == FleetOutcome.Aborted);
    public int NotStarted => Guests.Count(g => g.Outcome == FleetOutcome.NotStarted);
    public int ForcedToPostcopy => Guests.Count(g => g.Outcome == FleetOutcome.ForcedToPostcopy);
    public int Paused => Guests.Count(g => g.Outcome == FleetOutcome.Paused);
    public int OverSla => Guests.Count(g => g.OverSla);

    public double TotalDowntimeMs => Guests.Sum(g => g.DowntimeMs ?? 0);
    public double MaxDowntimeMs => Guests.Select(g => g.DowntimeMs ?? 0).DefaultIfEmpty(0).Max();
    public long TransferredBytes => Guests.Sum(g => g.TransferredBytes);

    /// <summary>Guest work lost to the migrations, guest-seconds.</summary>
    public double ProgressLostSeconds => Guests.Sum(g => g.ProgressLostSeconds);

    /// <summary>Summed postcopy exposure windows, ms.</summary>
    public double ExposureMs => Guests.Sum(g => g.ExposureMs ?? 0);

    public double PeakLinkUtilisation => Links.Select(l => l.PeakUtilisation).DefaultIfEmpty(0).Max();

    /// <summary>Simulator events fired (cost of the run).</summary>
    public long Events { get; init; }

    /// <summary>Network re-shares (cost of the run).</summary>
    public long Reshares { get; init; }
}
