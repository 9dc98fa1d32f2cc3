using ScottPlot;

namespace MigrationSim.Reporting.Plots;

/// <summary>
/// The figures drawn after every sweep, each answering one question and drawn only when the
/// columns it needs were swept. Line figures draw one line per value of every swept axis other
/// than x (none is averaged away), with a band over replications only.
/// <list type="bullet">
/// <item>downtime-vs-downtime-limit: does the downtime stay under the limit QEMU was given? (y = x reference)</item>
/// <item>total-time-vs-downtime-limit: what does a tighter limit cost in migration time?</item>
/// <item>total-time-vs-write-rate, downtime-vs-write-rate: how does a busier guest slow the migration, per policy and bandwidth?</item>
/// <item>guest-progress-vs-write-rate (policy swept): how much guest work does each policy cost?</item>
/// <item>fault-latency-p99-vs-write-rate (postcopy faults): how long does a faulting vCPU wait?</item>
/// <item>convergence-map: does precopy converge at this write rate and bandwidth?</item>
/// <item>winning-policy-map (policy swept): which policy finishes first while keeping the guest at 90% progress?</item>
/// <item>downtime-cdf (replications, at most <see cref="MaxCdfPoints"/> points): how much does downtime vary from run to run? (censored CDF)</item>
/// </list>
/// With none of those axes, total time against the first swept parameter.
/// </summary>
public static class DefaultFigures
{
    /// <summary>A per-point CDF with more lines than this is unreadable; it is left to `migsim plot --cdf`.</summary>
    public const int MaxCdfPoints = 6;

    public static IReadOnlyList<string> Draw(SweepTable table, string directory)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        foreach (var (name, plot) in Build(table))
        {
            string path = Path.Combine(directory, name);
            FigureStyle.Save(plot, path);
            written.Add(path);
        }
        return written;
    }

    /// <summary>The default figures as (file name, plot), without saving them.</summary>
    public static IReadOnlyList<(string Name, Plot Plot)> Build(SweepTable table)
    {
        var figures = new List<(string, Plot)>();
        var policy = table.Varies(SweepTable.Policy) ? table.Category(SweepTable.Policy) : null;
        string? bandwidthKey = table.Varies(SweepTable.MaxBandwidth) ? SweepTable.MaxBandwidth
            : table.Varies(SweepTable.LinkBandwidth) ? SweepTable.LinkBandwidth : null;
        // As a line group: the values as written ("64MiB/s"); as a map axis: numeric, for order and unit.
        var bandwidth = bandwidthKey is null ? null : table.Category(bandwidthKey);
        var bandwidthAxis = bandwidthKey is null ? null : table.Axis(bandwidthKey);
        var rate = table.Varies(SweepTable.WriteRate) ? table.Axis(SweepTable.WriteRate) : null;
        var limit = table.Varies(SweepTable.DowntimeLimit) ? table.Axis(SweepTable.DowntimeLimit) : null;
        var downtime = table.Axis("downtime")!;
        var total = table.Axis("total-time")!;
        List<PlotAxis> Groups(params PlotAxis?[] axes) => axes.OfType<PlotAxis>().ToList();

        if (limit is not null)
        {
            figures.Add(("downtime-vs-downtime-limit.png", LineFigure.Draw(table, limit, downtime, Groups(bandwidth), options: new LineFigureOptions
            {
                Title = "Does the downtime stay under the downtime-limit?", DiagonalLabel = "downtime = downtime-limit",
            })));
            figures.Add(("total-time-vs-downtime-limit.png", LineFigure.Draw(table, limit, total, Groups(bandwidth), options: new LineFigureOptions
            {
                Title = "What does a tighter downtime-limit cost in total time?",
            })));
        }
        if (rate is not null)
        {
            figures.Add(("total-time-vs-write-rate.png", LineFigure.Draw(table, rate, total, Groups(policy ?? bandwidth, policy is null ? null : bandwidth), options: new LineFigureOptions
            {
                Title = "How does the guest's write rate lengthen the migration?",
            })));
            figures.Add(("downtime-vs-write-rate.png", LineFigure.Draw(table, rate, downtime, Groups(policy ?? bandwidth, policy is null ? null : bandwidth), options: new LineFigureOptions
            {
                Title = "How does the guest's write rate change the downtime?",
            })));
            if (policy is not null && table.Axis("guest-progress") is { } progress)
                figures.Add(("guest-progress-vs-write-rate.png", LineFigure.Draw(table, rate, progress, Groups(policy, bandwidth), options: new LineFigureOptions
                {
                    Title = "How much guest work does each policy cost?",
                    Reference = (WinningPolicyMapFigure.MinGuestProgress, $"{WinningPolicyMapFigure.MinGuestProgress:0.##} (winning-policy map's floor)"),
                })));
            if (table.Axis("fault-latency-p99-ms") is { } p99 && table.Rows.Any(r => table.Value(r, p99) is not null))
                figures.Add(("fault-latency-p99-vs-write-rate.png", LineFigure.Draw(table, rate, p99, Groups(policy ?? bandwidth, policy is null ? null : bandwidth),
                    table.Rows.Where(r => table.Value(r, p99) is not null), new LineFigureOptions { Title = "How long does a postcopy fault make the vCPU wait (99th percentile per run)?" })));
        }
        if (rate is not null && bandwidth is not null)
        {
            // Convergence is a precopy question: with a policy axis, the map shows the precopy runs.
            var precopy = policy is null ? table : new SweepTable(table.Results with { Rows = table.Rows.Where(r => r.Cells[policy.Column] == "precopy").ToList() });
            if (precopy.Rows.Count > 0)
                figures.Add(("convergence-map.png", ConvergenceMapFigure.Draw(precopy, rate, bandwidthAxis!)));
            if (policy is not null)
                figures.Add(("winning-policy-map.png", WinningPolicyMapFigure.Draw(table, rate, bandwidthAxis!, policy)));
        }
        int points = table.Rows.Select(r => r.Point).Distinct().Count();
        if (table.Replications > 1 && points <= MaxCdfPoints)
            figures.Add(("downtime-cdf.png", CdfFigure.Draw(table, downtime, policy, "How much does the downtime vary between runs of one setting? (censored CDF)")));

        if (figures.Count == 0 && table.SweptKeys().FirstOrDefault() is { } first && table.Axis(first) is { } x)
            figures.Add(("total-time-vs-" + SweepTable.Short(first) + ".png", LineFigure.Draw(table, x, total, [])));
        return figures;
    }
}
