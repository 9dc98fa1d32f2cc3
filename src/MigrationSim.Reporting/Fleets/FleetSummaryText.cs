using System.Globalization;
using System.Text;
using MigrationSim.Model.Fleets;
using MigrationSim.Model.Text;
using MigrationSim.Reporting.Text;

namespace MigrationSim.Reporting.Fleets;

/// <summary>A fleet run's summary for the console, with units.</summary>
public static class FleetSummaryText
{
    public static string Format(FleetResult r, IReadOnlyList<string>? notes = null, int worst = 5)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(c, $"{r.Name}: {r.Operation}\n");
        sb.Append(c, $"  orchestrator           {r.Orchestrator}\n");
        sb.Append(c, $"  makespan (drain time)  {Quantity.Milliseconds(r.MakespanMs)}\n");
        sb.Append(c, $"  migrations             {r.Guests.Count}: {r.Completed} completed ({r.ForcedToPostcopy} forced to postcopy, {r.Paused} paused), {r.Aborted} aborted, {r.NotStarted} not started\n");
        int withSla = r.Guests.Count(g => g.MaxDowntimeMs is not null && g.DowntimeMs is not null);
        sb.Append(c, $"  over downtime SLA      {r.OverSla} of {withSla} completed with an SLA\n");
        sb.Append(c, $"  downtime               total {Quantity.Milliseconds(r.TotalDowntimeMs)}, longest {Quantity.Milliseconds(r.MaxDowntimeMs)} (longest guest pause {Quantity.Milliseconds(r.MaxGuestPauseMs)})\n");
        sb.Append(c, $"  transferred            {Quantity.Bytes(r.TransferredBytes)}\n");
        sb.Append(c, $"  guest progress lost    {r.ProgressLostSeconds:0.0} guest-s; postcopy exposure {Quantity.Milliseconds(r.ExposureMs)}\n");
        var busiest = r.Links.OrderByDescending(l => l.PeakUtilisation).FirstOrDefault();
        if (busiest is not null)
            sb.Append(c, $"  peak link utilisation  {r.PeakLinkUtilisation:P0} ({busiest.Name}, {Quantity.Rate(busiest.CapacityBytesPerSecond)})\n");
        foreach (var g in r.Guests.Where(g => g.OverSla).OrderByDescending(g => g.DowntimeMs).Take(worst))
            sb.Append(c, $"  over SLA: {g.Guest} {g.From} -> {g.To}: downtime {Quantity.Milliseconds(g.DowntimeMs!.Value)} > {Quantity.Milliseconds(g.MaxDowntimeMs!.Value)} ({FleetOutcomeNames.Of(g.Outcome)})\n");
        foreach (var g in r.Guests.Where(g => g.Outcome is FleetOutcome.Aborted or FleetOutcome.NotStarted).Take(worst))
            sb.Append(c, $"  {FleetOutcomeNames.Of(g.Outcome)}: {g.Guest} {g.From} -> {g.To}: {g.Reason}\n");
        foreach (var n in notes ?? []) sb.Append(c, $"  note: {n}\n");
        return sb.ToString();
    }
}
