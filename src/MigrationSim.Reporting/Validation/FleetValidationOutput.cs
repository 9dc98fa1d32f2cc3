using System.Globalization;
using System.Text;
using MigrationSim.Analysis.Fleets;
using MigrationSim.Reporting.Csv;
using MigrationSim.Reporting.Plots;
using ScottPlot;
using static MigrationSim.Reporting.Csv.CsvCell;

namespace MigrationSim.Reporting.Validation;

/// <summary>
/// Writes the validation of concurrent captures: fleet-report.csv (a row per migration),
/// fleet-summary.md (each fleet's makespan and migrations, and the errors over all of them) and
/// fleet-gantt.png (each migration measured and simulated, side by side).
/// </summary>
public static class FleetValidationOutput
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public const string ReportFile = "fleet-report.csv";
    public const string SummaryFile = "fleet-summary.md";
    public const string GanttFile = "fleet-gantt.png";

    public static readonly CsvTable<FleetMigrationError> Table = new(
    [
        new("fleet", e => e.Fleet),
        new("guest", e => e.Measured.Guest),
        new("measured-status", e => e.Measured.Status),
        new("simulated-completed", e => e.SimulatedCompleted ? "true" : "false"),
        new("start-ms", e => Num(e.Measured.StartMs)),
        new("measured-end-ms", e => Num(e.Measured.EndMs)),
        new("simulated-end-ms", e => Num(e.SimulatedEndMs)),
        new("measured-total-time-ms", e => Num(e.Measured.TotalTimeMs)),
        new("simulated-total-time-ms", e => Num(e.SimulatedTotalTimeMs)),
        new("total-time-error-pct", e => Num(100 * e.TotalTimeError)),
        new("measured-transferred", e => Num(e.Measured.Transferred)),
        new("simulated-transferred", e => Num(e.SimulatedTransferred)),
        new("transferred-error-pct", e => Num(100 * e.BytesError)),
        new("measured-downtime-ms", e => Num(e.Measured.DowntimeMs)),
        new("simulated-downtime-ms", e => Num(e.SimulatedDowntimeMs)),
        new("downtime-error-pct", e => Num(e.DowntimeError is { } d ? 100 * d : null)),
        new("measured-guest-pause-ms", e => Num(e.Measured.GuestPauseMs)),
        new("simulated-guest-pause-ms", e => Num(e.SimulatedGuestPauseMs)),
        new("pause-error-pct", e => Num(e.PauseError is { } p ? 100 * p : null)),
        new("measured-dirty-sync-count", e => Num(e.Measured.DirtySyncCount)),
        new("simulated-dirty-sync-count", e => Num(e.SimulatedIterations)),
        new("measured-postcopy-requests", e => Num(e.Measured.PostcopyRequests)),
        new("simulated-postcopy-requests", e => Num(e.SimulatedPostcopyRequests)),
    ]);

    public static void Write(string directory, IReadOnlyList<FleetValidation> fleets, string command, string profile, IReadOnlyList<(string Folder, string Reason)> unusable)
    {
        Directory.CreateDirectory(directory);
        var all = fleets.SelectMany(f => f.Migrations).ToList();
        Table.Write(Path.Combine(directory, ReportFile), all);
        File.WriteAllText(Path.Combine(directory, SummaryFile), Summary(fleets, command, profile, unusable));
        if (fleets.Count > 0) Gantt(fleets, Path.Combine(directory, GanttFile));
    }

    /// <summary>"1.2% / 3.4%" (median / 90th percentile of absolute errors, n).</summary>
    public static string Spread(IEnumerable<double> errors)
    {
        var (median, p90, n) = FleetValidator.Spread(errors);
        return n == 0 ? "-" : $"{(100 * median).ToString("0.0", C)}% / {(100 * p90).ToString("0.0", C)}% (n={n})";
    }

    private static string Summary(IReadOnlyList<FleetValidation> fleets, string command, string profile, IReadOnlyList<(string Folder, string Reason)> unusable)
    {
        var sb = new StringBuilder();
        var all = fleets.SelectMany(f => f.Migrations).ToList();
        sb.Append("# Concurrent captures against the simulated fleets\n\n");
        sb.Append(C, $"Regenerate: `{command}`\n\n");
        sb.Append(C, $"Host constants from `{profile}` (fitted on single-migration captures); nothing is fitted on these traces. ");
        sb.Append("Each fleet is simulated with the captured start of each migrate, over the fleet's shaped links (max-min fair shares, QEMU's window limiter on top; each link's rate less the headers tbf counts: "
                  + "MTU - 52 bytes of stream per MTU + 14, the devices' MTU: 65536 on loopback, 1500 on veth), ");
        sb.Append("median of 5 seeds. Errors are (simulated - measured) / measured.\n\n");
        sb.Append("| | median / p90 of the absolute error |\n|---|---|\n");
        sb.Append(C, $"| migration time (total-time) | {Spread(all.Select(e => e.TotalTimeError))} |\n");
        sb.Append(C, $"| end of each migration (from the first migrate) | {Spread(all.Select(e => e.EndError))} |\n");
        sb.Append(C, $"| bytes transferred | {Spread(all.Select(e => e.BytesError))} |\n");
        sb.Append(C, $"| downtime (QEMU's: to the last byte sent) | {Spread(all.Where(e => e.DowntimeError is not null).Select(e => e.DowntimeError!.Value))} |\n");
        sb.Append(C, $"| guest pause (source STOP to destination RESUME) | {Spread(all.Where(e => e.PauseError is not null).Select(e => e.PauseError!.Value))} |\n");
        sb.Append(C, $"| makespan | {Spread(fleets.Select(f => f.MakespanError))} |\n\n");
        sb.Append("| fleet | bottleneck | migrations | measured makespan | simulated | error | per migration: time error (bytes error) |\n|---|---|---|---|---|---|---|\n");
        foreach (var f in fleets)
        {
            string per = string.Join(", ", f.Migrations.Select(e => $"{e.Measured.Guest} {Pct(e.TotalTimeError)} ({Pct(e.BytesError)})"));
            sb.Append(C, $"| {f.Measured.Name} | {f.Measured.Topology} | {f.Migrations.Count} | {f.Measured.MakespanMs / 1000:0.00} s | {f.SimulatedMakespanMs / 1000:0.00} s | {Pct(f.MakespanError)} | {per} |\n");
        }
        if (unusable.Count > 0)
        {
            sb.Append("\nUnusable:\n\n");
            foreach (var (folder, reason) in unusable) sb.Append(C, $"- `{folder}`: {reason}\n");
        }
        return sb.ToString();
    }

    private static string Pct(double e) => double.IsNaN(e) ? "-" : $"{(e >= 0 ? "+" : "")}{(100 * e).ToString("0.0", C)}%";

    /// <summary>Each migration as two bars, the measured one above the simulated one, fleets one after another.</summary>
    private static void Gantt(IReadOnlyList<FleetValidation> fleets, string path)
    {
        var plot = FigureStyle.NewPlot("Concurrent captures: measured (dark) and simulated (light) migrations", "time from the first migrate (s)", "");
        var bars = new List<Bar>();
        var ticks = new List<(double, string)>();
        double y = 0;
        var measured = FigureStyle.SeriesColor(0);
        foreach (var f in fleets.AsEnumerable().Reverse())
        {
            foreach (var e in f.Migrations.AsEnumerable().Reverse())
            {
                bars.Add(new Bar { Position = y, ValueBase = e.Measured.StartMs / 1000, Value = e.SimulatedEndMs / 1000, FillColor = measured.WithAlpha(0.35), LineWidth = 0, Size = 0.4 });
                bars.Add(new Bar { Position = y + 0.42, ValueBase = e.Measured.StartMs / 1000, Value = e.Measured.EndMs / 1000, FillColor = measured, LineWidth = 0, Size = 0.4 });
                ticks.Add((y + 0.21, $"{f.Measured.Name} {e.Measured.Guest}"));
                y += 1;
            }
            y += 0.6;
        }
        var barPlot = plot.Add.Bars(bars);
        barPlot.Horizontal = true;
        plot.Axes.Left.SetTicks(ticks.Select(t => t.Item1).ToArray(), ticks.Select(t => t.Item2).ToArray());
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "measured", FillColor = measured });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "simulated", FillColor = measured.WithAlpha(0.35) });
        plot.ShowLegend(Edge.Right);
        plot.Axes.Margins(left: 0, right: 0.05);
        FigureStyle.Save(plot, path, FigureStyle.Width + 300, Math.Max(FigureStyle.Height, (int)(80 + 26 * y)));
    }
}
