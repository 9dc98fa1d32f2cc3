using System.Globalization;
using MigrationSim.Model.Fleets;
using MigrationSim.Reporting.Csv;

namespace MigrationSim.Reporting.Fleets;

/// <summary>The column tables of a fleet run's CSVs: guests.csv, summary.csv and links.csv.</summary>
public static class FleetTables
{
    private static string? N(double? v) => v?.ToString("0.###", CultureInfo.InvariantCulture);
    private static string N(long v) => v.ToString(CultureInfo.InvariantCulture);

    public static CsvTable<FleetGuestResult> Guests { get; } = new(
    [
        new("guest", g => g.Guest),
        new("from", g => g.From),
        new("to", g => g.To),
        new("queued-ms", g => N(g.QueuedMs)),
        new("start-ms", g => N(g.StartMs)),
        new("end-ms", g => N(g.EndMs)),
        new("outcome", g => FleetOutcomeNames.Of(g.Outcome)),
        new("downtime-ms", g => N(g.DowntimeMs)),
        new("guest-pause-ms", g => N(g.GuestPauseMs)),
        new("max-downtime-ms", g => N(g.MaxDowntimeMs)),
        new("over-sla", g => g.OverSla ? "true" : "false"),
        new("bytes", g => N(g.TransferredBytes)),
        new("postcopy-bytes", g => N(g.PostcopyBytes)),
        new("throttle", g => N(g.ThrottlePercent)),
        new("iterations", g => N(g.Iterations)),
        new("stop-ms", g => N(g.StopMs)),
        new("resume-ms", g => N(g.ResumeMs)),
        new("guest-progress", g => N(g.GuestProgress)),
        new("exposure-ms", g => N(g.ExposureMs)),
        new("reason", g => g.Reason),
    ]);

    public static CsvTable<FleetResult> Summary { get; } = new(
    [
        new("fleet", r => r.Name),
        new("operation", r => r.Operation),
        new("orchestrator", r => r.Orchestrator),
        new("guests", r => N(r.Guests.Count)),
        new("makespan-ms", r => N(r.MakespanMs)),
        new("completed", r => N(r.Completed)),
        new("forced-to-postcopy", r => N(r.ForcedToPostcopy)),
        new("paused", r => N(r.Paused)),
        new("aborted", r => N(r.Aborted)),
        new("not-started", r => N(r.NotStarted)),
        new("over-sla", r => N(r.OverSla)),
        new("total-downtime-ms", r => N(r.TotalDowntimeMs)),
        new("max-downtime-ms", r => N(r.MaxDowntimeMs)),
        new("max-guest-pause-ms", r => N(r.MaxGuestPauseMs)),
        new("bytes", r => N(r.TransferredBytes)),
        new("progress-lost-s", r => N(r.ProgressLostSeconds)),
        new("exposure-ms", r => N(r.ExposureMs)),
        new("peak-link-utilisation", r => N(r.PeakLinkUtilisation)),
    ]);

    public static CsvTable<FleetLinkResult> Links { get; } = new(
    [
        new("link", l => l.Name),
        new("capacity-bytes-per-s", l => N(l.CapacityBytesPerSecond)),
        new("peak-utilisation", l => N(l.PeakUtilisation)),
        new("carried-bytes", l => N(l.CarriedBytes)),
    ]);
}
