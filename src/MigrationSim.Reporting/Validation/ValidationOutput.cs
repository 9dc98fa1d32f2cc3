using System.Globalization;
using System.Text;
using MigrationSim.Analysis.Validation;
using MigrationSim.Model.Results;
using MigrationSim.Reporting.Csv;
using MigrationSim.Reporting.Plots;
using ScottPlot;
using static MigrationSim.Reporting.Csv.CsvCell;

namespace MigrationSim.Reporting.Validation;

/// <summary>
/// Writes results/validation/: report.csv (a row per trace), summary.md (errors by policy and
/// metric for the simulator and the fluid model, goals, calibration notes, unusable traces),
/// predicted-vs-measured scatter plots and real-vs-simulated progress overlays.
/// </summary>
public static class ValidationOutput
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;
    private static readonly IReadOnlyList<Metric> Metrics = Prediction.Compared;

    public static readonly CsvTable<TraceValidation> Table = new(BuildColumns());

    private static List<CsvColumn<TraceValidation>> BuildColumns()
    {
        var cols = new List<CsvColumn<TraceValidation>>
        {
            new("trace", t => t.Measured.Name),
            new("scenario", t => t.Measured.ScenarioKey),
            new("policy", t => t.Measured.Policy),
            new("group", t => t.Measured.Group),
            new("set", t => t.UsedForCalibration ? "calibration" : "held-out"),
            new("measured-converged", t => t.Measured.Converged ? "true" : "false"),
            new("simulated-converged", t => t.Simulated.Converged ? "true" : "false"),
            new("fluid-converged", t => t.Fluid.Converged ? "true" : "false"),
        };
        foreach (var m in Metrics)
        {
            string key = Key(m);
            var metric = m;
            cols.Add(new($"measured-{key}", t => Num(t.MeasuredFigures.Value(metric))));
            cols.Add(new($"simulated-{key}", t => Num(t.Simulated.Value(metric))));
            cols.Add(new($"fluid-{key}", t => Num(t.Fluid.Value(metric))));
            cols.Add(new($"simulated-{key}-error-pct", t => Num(t.SignedPercentError(metric, t.Simulated))));
            cols.Add(new($"fluid-{key}-error-pct", t => Num(t.SignedPercentError(metric, t.Fluid))));
        }
        cols.Add(new("progress-error-pct", t => Num(t.ProgressError())));
        return cols;
    }

    /// <summary>A metric's key in report.csv and the scatter files: its name, with "-ms" on a time that lacks it ("total-time-ms").</summary>
    public static string Key(Metric m) => m.Unit == MetricUnit.Milliseconds && !m.Name.EndsWith("-ms", StringComparison.Ordinal) ? m.Name + "-ms" : m.Name;

    public static void Write(string directory, ValidationReport report, string command, IReadOnlyList<string> calibrationNotes, string? profileFile)
    {
        Directory.CreateDirectory(directory);
        Table.Write(Path.Combine(directory, "report.csv"), report.Traces.OrderBy(t => t.Measured.Name, StringComparer.Ordinal));
        File.WriteAllText(Path.Combine(directory, "summary.md"), Summary(report, command, calibrationNotes, profileFile));
        foreach (var m in Metrics) Scatter(Path.Combine(directory, $"scatter-{Key(m)}.png"), report, m);
        foreach (var policy in report.Traces.Select(t => t.Measured.Policy).Distinct())
            Overlay(Path.Combine(directory, $"progress-{policy}.png"), report.Traces.Where(t => t.Measured.Policy == policy && !t.UsedForCalibration).Take(4).ToList(), policy);
    }

    public static string Summary(ValidationReport r, string command, IReadOnlyList<string> notes, string? profileFile)
    {
        var b = new StringBuilder();
        b.AppendLine("# Validation against real QEMU captures");
        b.AppendLine();
        b.AppendLine($"Regenerate: `{command}`");
        b.AppendLine();
        int cal = r.Traces.Count(t => t.UsedForCalibration);
        b.AppendLine($"{r.Traces.Count} usable traces: {cal} for calibration ({string.Join(", ", r.Traces.Where(t => t.UsedForCalibration).Select(t => t.Measured.Name).Order())}), " +
                     $"{r.Traces.Count - cal} held out. Every error below is on the held-out traces only.");
        if (profileFile is not null) b.AppendLine($"The fitted host constants are in `{profileFile}`.");
        b.AppendLine();
        b.AppendLine("## Accuracy goals (held-out traces)");
        b.AppendLine();
        if (r.Goals.Count == 0)
            b.AppendLine("Not judged: some host constants could not be fitted from the calibration captures and hold defaults (see Calibration, NOT FITTED). `--judge-unfitted` judges them anyway.");
        b.AppendLine("| group | goal | measured | met | run-to-run floor |");
        b.AppendLine("|---|---|---|---|---|");
        foreach (var g in r.Goals) b.AppendLine($"| {g.Policy} | {g.Goal} | {g.Measured} | {(g.Met ? "yes" : "**no**")} | {g.Floor ?? ""} |");
        b.AppendLine();
        var missed = r.Goals.Where(g => !g.Met).ToList();
        if (missed.Count > 0)
        {
            b.AppendLine("## Where the missed goals come from");
            b.AppendLine();
            foreach (var g in missed)
            {
                b.AppendLine($"- {g.Policy}, {g.Goal}: {g.Measured}{(g.Floor is null ? "" : $" ({g.Floor})")}. Worst held-out traces:");
                var metric = g.Metric ?? Model.Results.Metrics.TotalTime;
                foreach (var t in r.HeldOut.Where(t => t.Measured.Group == g.Policy)
                             .OrderByDescending(t => Math.Abs(t.SignedPercentError(metric, t.Simulated) ?? 0)).Take(3))
                    b.AppendLine(string.Create(C, $"  - `{t.Measured.Name}`: {AccuracyGoals.Name(metric)} {Signed(t.SignedPercentError(metric, t.Simulated))}, " +
                                                  $"total time {Signed(t.SignedPercentError(Model.Results.Metrics.TotalTime, t.Simulated))}, bytes {Signed(t.SignedPercentError(Model.Results.Metrics.Transferred, t.Simulated))}"));
            }
            b.AppendLine();
        }
        b.AppendLine("## Errors by policy and metric: simulator vs fluid model");
        b.AppendLine();
        b.AppendLine($"Percentiles are {ErrorStatistics.QuantileDefinitionName}. A precopy cancelled at max-time is its own group: its time error is zero by construction.");
        b.AppendLine();
        b.AppendLine("|absolute % error over held-out traces: median / 90th percentile / max (n) | | simulator | fluid model |");
        b.AppendLine("|---|---|---|---|");
        foreach (var policy in r.HeldOut.Select(t => t.Measured.Group).Distinct().Order(StringComparer.Ordinal))
            foreach (var m in Metrics)
            {
                var s = r.Stats(m, true, policy);
                var f = r.Stats(m, false, policy);
                if (s is null && f is null) continue;
                b.AppendLine($"| {policy} | {AccuracyGoals.Name(m)} | {Fmt(s)} | {Fmt(f)} |");
            }
        b.AppendLine();
        var progress = r.HeldOut.Select(t => t.ProgressError()).Where(e => e is not null).Select(e => e!.Value).OrderBy(e => e).ToList();
        if (progress.Count > 0)
            b.AppendLine(string.Create(C, $"Progress curves (transferred over time, RMS gap as % of the final bytes): median {progress[progress.Count / 2]:0.##}%, max {progress[^1]:0.##}%."));
        b.AppendLine();
        b.AppendLine("## Run-to-run variation of the captures (repeats of one scenario, |value - mean| / mean)");
        b.AppendLine();
        b.AppendLine("| metric | median | max | n |");
        b.AppendLine("|---|---|---|---|");
        foreach (var (m, v) in r.RepeatVariation)
            if (v is not null) b.AppendLine(string.Create(C, $"| {AccuracyGoals.Name(m)} | {v.MedianAbs:0.##}% | {v.MaxAbs:0.##}% | {v.Count} |"));
        b.AppendLine();
        b.AppendLine("## Calibration");
        b.AppendLine();
        foreach (var n in notes) b.AppendLine($"- {n}");
        if (r.Unusable.Count > 0)
        {
            b.AppendLine();
            b.AppendLine("## Unusable traces");
            b.AppendLine();
            foreach (var (trace, reason) in r.Unusable) b.AppendLine($"- `{trace}`: {reason}");
        }
        b.AppendLine();
        b.AppendLine("## Per trace");
        b.AppendLine();
        b.AppendLine("| trace | set | total time ms (real / sim / fluid) | downtime ms | transferred MiB | syncs | requests |");
        b.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var t in r.Traces.OrderBy(t => t.Measured.Name, StringComparer.Ordinal))
        {
            string Tri(Metric m, double scale, string fmt) => string.Join(" / ", new[] { t.MeasuredFigures, t.Simulated, t.Fluid }
                .Select(p => p.Value(m) is { } v ? (v / scale).ToString(fmt, C) : "-"));
            b.AppendLine($"| {t.Measured.Name} | {(t.UsedForCalibration ? "cal" : "held-out")} | {Tri(Model.Results.Metrics.TotalTime, 1, "0")} | {Tri(Model.Results.Metrics.Downtime, 1, "0.#")} | " +
                         $"{Tri(Model.Results.Metrics.Transferred, 1 << 20, "0.0")} | {Tri(Model.Results.Metrics.DirtySyncCount, 1, "0")} | {Tri(Model.Results.Metrics.PostcopyRequests, 1, "0")} |");
        }
        return b.ToString();
    }

    private static string Signed(double? e) => e is { } v ? v.ToString("+0.##;-0.##;0", C) + "%" : "-";

    private static string Fmt(ErrorStatistics? s) => s is null ? "-" : string.Create(C, $"{s.MedianAbs:0.##} / {s.P90Abs:0.##} / {s.MaxAbs:0.##} ({s.Count})");

    private static void Scatter(string path, ValidationReport r, Metric m)
    {
        var plot = new Plot();
        PlotStyle.Apply(plot);
        var pts = r.HeldOut.Select(t => (Meas: t.MeasuredFigures.Value(m), Sim: t.Simulated.Value(m), Fluid: t.Fluid.Value(m)))
            .Where(p => p.Meas is > 0).ToList();
        var sim = pts.Where(p => p.Sim is > 0).ToList();
        var fluid = pts.Where(p => p.Fluid is > 0).ToList();
        if (sim.Count == 0 && fluid.Count == 0) return; // no held-out trace has this figure (postcopy requests of precopy-only sets): no empty plot
        var all = pts.SelectMany(p => new[] { p.Meas, p.Sim, p.Fluid }).Where(v => v is > 0).Select(v => v!.Value).ToList();
        // Over a decade or more (0.4 s next to 60 s), both axes are log10, or the short ones crowd one corner.
        bool log = all.Count > 0 && all.Max() / all.Min() >= 10;
        double Pos(double v) => log ? Math.Log10(v) : v;
        if (sim.Count > 0)
        {
            var s = plot.Add.ScatterPoints(sim.Select(p => Pos(p.Meas!.Value)).ToArray(), sim.Select(p => Pos(p.Sim!.Value)).ToArray());
            s.LegendText = "simulator";
            s.MarkerSize = 8;
        }
        if (fluid.Count > 0)
        {
            var f = plot.Add.ScatterPoints(fluid.Select(p => Pos(p.Meas!.Value)).ToArray(), fluid.Select(p => Pos(p.Fluid!.Value)).ToArray());
            f.LegendText = "fluid model";
            f.MarkerShape = MarkerShape.OpenCircle;
            f.MarkerSize = 8;
        }
        if (all.Count > 0)
        {
            double lo = all.Min() * 0.9, hi = all.Max() * 1.1;
            var line = plot.Add.Line(Pos(lo), Pos(lo), Pos(hi), Pos(hi));
            line.LinePattern = LinePattern.Dashed;
            line.LegendText = "y = x";
            if (log)
            {
                plot.Axes.Bottom.TickGenerator = LineFigure.LogTicks(all);
                plot.Axes.Left.TickGenerator = LineFigure.LogTicks(all);
            }
        }
        string unit = m.Unit switch { MetricUnit.Milliseconds => " (ms)", MetricUnit.Bytes => " (bytes)", _ => "" };
        string scale = log ? ", log scale" : "";
        plot.XLabel($"measured {AccuracyGoals.Name(m)}{unit}{scale}");
        plot.YLabel($"predicted {AccuracyGoals.Name(m)}{unit}{scale}");
        plot.Title($"{AccuracyGoals.Name(m)}: predicted vs measured (held-out traces)");
        plot.ShowLegend(Edge.Right); // beside the axes: inside, it hid points far above y = x
        plot.SavePng(path, 950, 600);
    }

    private static void Overlay(string path, IReadOnlyList<TraceValidation> traces, string policy)
    {
        var plot = new Plot();
        PlotStyle.Apply(plot);
        var palette = new ScottPlot.Palettes.Category10();
        int i = 0;
        foreach (var t in traces)
        {
            var color = palette.GetColor(i++);
            var real = plot.Add.ScatterLine(t.Measured.Samples.Select(s => s.ElapsedMs / 1000).ToArray(), t.Measured.Samples.Select(s => s.Transferred / 1048576.0).ToArray());
            real.Color = color;
            real.LineWidth = 2;
            real.LegendText = $"{t.Measured.Name} real";
            var sim = plot.Add.ScatterLine(t.SimulatedTimeline.Select(s => s.ElapsedMs / 1000).ToArray(), t.SimulatedTimeline.Select(s => s.Transferred / 1048576.0).ToArray());
            sim.Color = color;
            sim.LinePattern = LinePattern.Dashed;
            sim.LegendText = $"{t.Measured.Name} simulated";
        }
        plot.XLabel("time since migrate (s)");
        plot.YLabel("transferred (MiB)");
        plot.Title($"{policy}: real (solid) vs simulated (dashed) progress, held-out traces");
        plot.ShowLegend(Edge.Right); // beside the axes, so no curve runs under it
        plot.SavePng(path, 1200, 600);
    }
}
