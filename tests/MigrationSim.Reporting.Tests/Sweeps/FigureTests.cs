using System.Globalization;
using MigrationSim.Model.Results;
using MigrationSim.Reporting.Csv;
using MigrationSim.Reporting.Plots;
using SkiaSharp;

namespace MigrationSim.Reporting.Tests.Sweeps;

public class FigureTests
{
    /// <summary>
    /// A results table with every default figure's columns: policy x write rate x bandwidth x
    /// downtime-limit, 3 replications, postcopy runs with fault latencies, some precopy runs not converging.
    /// </summary>
    private static SweepTable Table()
    {
        string[] policies = ["precopy", "postcopy"];
        int[] rates = [1000, 4000, 16000];
        int[] bandwidths = [64, 256];
        int[] limits = [50, 300];
        var columns = SweepResultsFile.Columns(["migration.policy", "workload.rate", "workload.rate [pages/s]",
            "migration.max-bandwidth", "migration.max-bandwidth [MiB/s]", "migration.downtime-limit", "migration.downtime-limit [ms]"]);
        var rows = new List<SweepResultRow>();
        int point = 0;
        foreach (var p in policies)
        foreach (var r in rates)
        foreach (var b in bandwidths)
        foreach (var l in limits)
        {
            for (int k = 0; k < 3; k++)
            {
                bool post = p == "postcopy";
                bool converged = post || r * 4096.0 / (1 << 20) < b * 0.5;
                var s = new MigrationSummary
                {
                    Scenario = "t", Type = "live", Policy = p, Status = converged ? MigrationStatus.Completed : MigrationStatus.Cancelled,
                    Converged = converged, Outcome = "x", Seed = (ulong)(point * 10 + k),
                    TotalTimeMs = 2048.0 / b * 1000 * (1 + r / 20000.0) + k * 150,
                    DowntimeMs = post ? 5 + k : Math.Min(l, 20 + r / 400.0) + k * 3,
                    DirtySyncCount = post ? 1 : 3 + r / 4000,
                    GuestProgress = post ? 0.9 - r / 40000.0 : 0.99,
                    FaultLatencyP50Ms = post ? 0.2 + k * 0.01 : null,
                    FaultLatencyP95Ms = post ? 0.9 + r / 1e5 : null,
                    FaultLatencyP99Ms = post ? 2.5 + b / 100.0 : null,
                };
                string Inv(double v) => v.ToString(CultureInfo.InvariantCulture);
                rows.Add(SweepResultsFile.Row([p, $"{r / 1000}k pages/s", Inv(r), $"{b}MiB/s", Inv(b), $"{l}ms", Inv(l)], s, point, k));
            }
            point++;
        }
        return new SweepTable(new SweepResults(new SweepResultsHeader("t", "00", rows.Count, "1/1"), columns, rows));
    }

    private static void AssertDrawn(string path)
    {
        Assert.True(new FileInfo(path).Length > 5_000, $"{path}: {new FileInfo(path).Length} bytes");
        using var bitmap = SKBitmap.Decode(path);
        Assert.NotNull(bitmap);
        Assert.Equal((FigureStyle.Width, FigureStyle.Height), (bitmap.Width, bitmap.Height));
        var background = bitmap.GetPixel(2, 2);
        int differing = 0;
        var colours = new HashSet<SKColor>();
        for (int y = 0; y < bitmap.Height; y += 3)
        for (int x = 0; x < bitmap.Width; x += 3)
        {
            var c = bitmap.GetPixel(x, y);
            if (c != background) differing++;
            colours.Add(c);
        }
        int sampled = (bitmap.Width / 3 + 1) * (bitmap.Height / 3 + 1);
        Assert.True(differing > sampled / 100, $"{path}: only {differing} of {sampled} sampled pixels differ from the background");
        // Data in colour, not only black axes and text on white.
        Assert.Contains(colours, c => Math.Max(c.Red, Math.Max(c.Green, c.Blue)) - Math.Min(c.Red, Math.Min(c.Green, c.Blue)) > 80);
    }

    [Fact]
    public void Every_default_figure_is_drawn_with_content_when_its_columns_exist()
    {
        string dir = Directory.CreateTempSubdirectory("migsim-fig-").FullName;
        try
        {
            var written = DefaultFigures.Draw(Table(), dir).Select(Path.GetFileName).Order().ToList();
            Assert.Equal(["convergence-map.png", "downtime-vs-downtime-limit.png", "downtime-vs-write-rate.png", "fault-latency-p99-vs-write-rate.png",
                "guest-progress-vs-write-rate.png", "total-time-vs-downtime-limit.png", "total-time-vs-write-rate.png", "winning-policy-map.png"], written);
            foreach (var f in written) AssertDrawn(Path.Combine(dir, f!));
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>Lines that carry data in a figure's legend (not the not-converged note, not reference lines).</summary>
    private static List<string> DataLines(ScottPlot.Plot plot) =>
        plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>()
            .Where(s => s.MarkerSize > 0 && !string.IsNullOrEmpty(s.LegendText) && s.LegendText != LineFigure.NotConvergedLegend && s.LegendText != LineFigure.NoneConvergedLegend)
            .Select(s => s.LegendText).ToList();

    [Fact]
    public void No_default_line_figure_folds_a_swept_axis_into_its_points()
    {
        var t = Table();
        var xKeys = new Dictionary<string, string> { ["downtime-limit"] = "migration.downtime-limit", ["write-rate"] = "workload.rate" };
        int checkedFigures = 0;
        foreach (var (name, plot) in DefaultFigures.Build(t).Where(f => f.Name.Contains("-vs-")))
        {
            string x = xKeys[name[(name.IndexOf("-vs-", StringComparison.Ordinal) + 4)..^4]];
            // The rows a figure draws: fault latencies exist for postcopy runs only.
            var rows = name.StartsWith("fault-latency", StringComparison.Ordinal) ? t.Rows.Where(r => r.Cells[0] == "postcopy").ToList() : t.Rows.ToList();
            var others = t.SweptKeys(rows).Where(k => k != x).Select(k => t.Results.ColumnIndex(k)).ToList();
            int combinations = rows.Select(r => string.Join("|", others.Select(c => r.Cells[c]))).Distinct().Count();
            Assert.True(combinations == DataLines(plot).Count, $"{name}: {DataLines(plot).Count} lines for {combinations} combinations of the other swept axes");
            checkedFigures++;
        }
        Assert.Equal(6, checkedFigures);
    }

    [Fact]
    public void A_line_figure_splits_every_axis_it_is_not_told_about()
    {
        var t = Table();
        // Grouped by policy only: bandwidth (2) and downtime-limit (2) still vary, so 2 x 2 x 2 lines, each naming its values.
        var plot = LineFigure.Draw(t, t.Axis("workload.rate")!, t.Axis("total-time")!, [t.Category("migration.policy")!]);
        var lines = DataLines(plot);
        Assert.Equal(8, lines.Count);
        Assert.Contains("precopy, 64MiB/s, 50ms", lines);
        Assert.Contains("one line per policy, max-bandwidth and downtime-limit", plot.Axes.Title.Label.Text);
        // Non-converged precopy points are marked.
        Assert.Contains(plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>(), s => s.LegendText == LineFigure.NotConvergedLegend);
    }

    [Fact]
    public void A_cdf_counts_runs_that_did_not_converge_and_ends_below_one()
    {
        var t = Table();
        var rows = t.Rows.Where(r => r.Cells[1] == "16k pages/s" && r.Cells[3] == "64MiB/s" && r.Cells[5] == "50ms").ToList();
        var plot = CdfFigure.Draw(t, t.Axis("downtime")!, t.Category("migration.policy"), rows: rows);
        var lines = plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().ToList();
        var precopy = Assert.Single(lines, s => s.LegendText.StartsWith("precopy", StringComparison.Ordinal));
        Assert.Equal("precopy (0 of 3 runs converged)", precopy.LegendText);
        var postcopy = Assert.Single(lines, s => s.LegendText.StartsWith("postcopy", StringComparison.Ordinal));
        Assert.Equal("postcopy (3 runs)", postcopy.LegendText);
        Assert.Equal(0, precopy.Data.GetScatterPoints().Max(p => p.Y));
        Assert.Equal(1, postcopy.Data.GetScatterPoints().Max(p => p.Y));
    }

    [Theory]
    [InlineData(new double[] { 2000, 4000, 8000, 16000 }, AxisScale.Log)]
    [InlineData(new double[] { 1000, 2519.84, 6349.6, 16000 }, AxisScale.Log)]
    [InlineData(new double[] { 16, 32, 48, 64 }, AxisScale.Linear)]
    [InlineData(new double[] { 30, 50, 100, 200, 300, 500, 1000 }, AxisScale.Linear)]
    [InlineData(new double[] { 64, 256 }, AxisScale.Linear)]
    public void An_axis_is_log_only_when_its_values_are_evenly_spaced_in_ratio(double[] values, AxisScale expected)
    {
        Assert.Equal(expected, AxisScales.Resolve(AxisScale.Auto, values));
        Assert.Equal(AxisScale.Linear, AxisScales.Resolve(AxisScale.Linear, values));
    }

    [Fact]
    public void Only_the_figures_whose_columns_were_swept_are_drawn()
    {
        var full = Table();
        // Keep only precopy, one rate, one bandwidth, replication 0: only downtime-limit varies.
        var rows = full.Rows.Where(r => r.Cells[0] == "precopy" && r.Cells[1] == "1k pages/s" && r.Cells[3] == "64MiB/s" && r.Replication == 0).ToList();
        var table = new SweepTable(full.Results with { Rows = rows });
        string dir = Directory.CreateTempSubdirectory("migsim-fig-").FullName;
        try
        {
            var written = DefaultFigures.Draw(table, dir).Select(Path.GetFileName).Order().ToList();
            Assert.Equal(["downtime-vs-downtime-limit.png", "total-time-vs-downtime-limit.png"], written);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Axes_carry_units_and_total_time_is_shown_in_seconds()
    {
        var t = Table();
        Assert.Equal("total time (s)", t.Axis("total-time")!.Label);
        Assert.Equal(1e-3, t.Axis("total-time")!.Scale);
        Assert.Equal("downtime (ms)", t.Axis("downtime")!.Label);
        Assert.Equal("max-bandwidth (MiB/s)", t.Axis("migration.max-bandwidth")!.Label);
        Assert.Equal("rate (pages/s)", t.Axis("workload.rate")!.Label);
        Assert.False(t.Axis("migration.policy")!.Numeric);
        Assert.Null(t.Axis("no-such-column"));
    }

    [Fact]
    public void A_line_figure_with_a_categorical_x_and_an_svg_render()
    {
        var t = Table();
        var plot = LineFigure.Draw(t, t.Axis("migration.policy")!, t.Axis("downtime")!, [t.Category("migration.max-bandwidth")!]);
        byte[] png = FigureStyle.Png(plot);
        Assert.True(png.Length > 5_000);
        string svg = Path.Combine(Path.GetTempPath(), $"migsim-{Guid.NewGuid():N}.svg");
        try
        {
            FigureStyle.Save(plot, svg);
            Assert.Contains("<svg", File.ReadAllText(svg));
        }
        finally { File.Delete(svg); }
    }

    [Fact]
    public void The_shipped_font_is_next_to_the_assembly()
    {
        Assert.True(File.Exists(FigureStyle.FontFile), FigureStyle.FontFile);
    }
}
