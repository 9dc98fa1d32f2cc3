using MigrationSim.Model.Policies;
using MigrationSim.Model.Results;

namespace MigrationSim.Model.Fleets;

/// <summary>Entry point for a fleet: many guests migrating at once over shared links, under an orchestrator.</summary>
public static class FleetSimulation
{
    /// <param name="spec">What to simulate.</param>
    /// <param name="progress">Called each time a migration ends (for progress bars).</param>
    /// <param name="observe">Called with the run before the clock starts (subscribe to <see cref="FleetRun.MigrationStarted"/> there).</param>
    public static FleetResult Run(FleetSpec spec, Action<FleetProgress>? progress = null, Action<FleetRun>? observe = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var run = new FleetRun(spec, progress);
        observe?.Invoke(run);
        run.Execute();
        return new FleetResult
        {
            Name = spec.Name,
            Operation = spec.Operation,
            Orchestrator = spec.Orchestrator.Describe(),
            Guests = run.Migrations.Select(ResultOf).ToList(),
            Links = run.Network.Links.Select(l => new FleetLinkResult(l.Name, l.CapacityBytesPerSecond, l.PeakUtilisation, l.CarriedBytes, l.CarriedPerSecond.ToList())).ToList(),
            Events = run.Simulator.Fired,
            Reshares = run.Network.Reshares,
        };
    }

    private static FleetGuestResult ResultOf(FleetMigration m)
    {
        var s = m.Summary;
        double? sla = m.Guest.MaxDowntime?.Milliseconds;
        if (s is null)
            return new FleetGuestResult
            {
                Guest = m.Guest.Name, From = m.From, To = m.To, QueuedMs = m.ReadyAt?.Milliseconds ?? 0,
                Outcome = FleetOutcome.NotStarted, Reason = m.Reason ?? "never started", MaxDowntimeMs = sla,
            };
        var outcome = OutcomeOf(m, s);
        return new FleetGuestResult
        {
            Guest = m.Guest.Name,
            From = m.From,
            To = m.To,
            QueuedMs = m.ReadyAt!.Value.Milliseconds,
            StartMs = m.StartedAt!.Value.Milliseconds,
            EndMs = m.StartedAt!.Value.Milliseconds + s.TotalTimeMs, // the migration's own end (postcopy ends when its last page lands, a little before its thread notices)
            Outcome = outcome,
            Reason = outcome switch
            {
                FleetOutcome.Completed or FleetOutcome.CompletedInPostcopy => s.Outcome,
                _ => m.Reason is { } r && m.Intervention != FleetIntervention.None ? r : s.Outcome,
            },
            DowntimeMs = s.Status == MigrationStatus.Completed ? s.DowntimeMs : null,
            GuestPauseMs = s.Status == MigrationStatus.Completed ? s.GuestPauseMs : null,
            MaxDowntimeMs = sla,
            TransferredBytes = s.Transferred,
            PostcopyBytes = s.PostcopyBytes,
            ThrottlePercent = s.CpuThrottlePercentage,
            Iterations = s.DirtySyncCount,
            PostcopyRequests = s.PostcopyRequests,
            StopMs = m.StoppedAt?.Milliseconds,
            ResumeMs = m.ResumedAt?.Milliseconds,
            GuestProgress = s.GuestProgress,
            ExposureMs = s.ExposureWindowMs,
        };
    }

    private static FleetOutcome OutcomeOf(FleetMigration m, MigrationSummary s)
    {
        if (s.Status != MigrationStatus.Completed) return FleetOutcome.Aborted;
        bool switched = m.StopAction == MigrationAction.StartPostcopy;
        if (switched && m.Intervention == FleetIntervention.ForcedPostcopy) return FleetOutcome.ForcedToPostcopy;
        if (m.Intervention == FleetIntervention.Paused) return FleetOutcome.Paused;
        return switched ? FleetOutcome.CompletedInPostcopy : FleetOutcome.Completed;
    }
}
