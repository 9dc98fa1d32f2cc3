namespace MigrationSim.Reporting.Plots;

/// <summary>
/// The figures drawn after every sweep, each only when the columns it needs were swept:
/// downtime and total time vs downtime-limit (one line per bandwidth), total time vs write rate
/// (one colour per policy, one line pattern per bandwidth, min-max band over replications), the write rate x bandwidth convergence
/// map (precopy runs; with a policy axis also the winning-policy map), the CDF of downtime across runs (when there are replications), and the CDF of postcopy
/// fault-latency percentiles across runs (when any run faulted). With none of those axes, the
/// total time against the first swept parameter.
/// </summary>
public static class DefaultFigures
{
    public static IReadOnlyList<string> Draw(SweepTable table, string directory)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        void Save(ScottPlot.Plot plot, string name)
        {
            string path = Path.Combine(directory, name);
            FigureStyle.Save(plot, path);
            written.Add(path);
        }

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

        if (limit is not null)
        {
            Save(LineFigure.Draw(table, limit, downtime, bandwidth), "downtime-vs-downtime-limit.png");
            Save(LineFigure.Draw(table, limit, total, bandwidth), "total-time-vs-downtime-limit.png");
        }
        if (rate is not null)
            Save(LineFigure.Draw(table, rate, total, policy ?? bandwidth, style: policy is null ? null : bandwidth), "total-time-vs-write-rate.png");
        if (rate is not null && bandwidth is not null)
        {
            // Convergence is a precopy question: with a policy axis, the map shows the precopy runs,
            // and a second map names the policy that finished first in each cell.
            var precopy = policy is null ? table : new SweepTable(table.Results with { Rows = table.Rows.Where(r => r.Cells[policy.Column] == "precopy").ToList() });
            if (precopy.Rows.Count > 0)
                Save(ConvergenceMapFigure.Draw(precopy, rate, bandwidthAxis!, null), "convergence-map.png");
            if (policy is not null)
                Save(ConvergenceMapFigure.Draw(table, rate, bandwidthAxis!, policy), "winning-policy-map.png");
        }
        if (table.Rows.Any(r => r.Replication > 0))
            Save(CdfFigure.Draw(table, downtime, policy), "downtime-cdf.png");

        var percentiles = new[] { "fault-latency-p50-ms", "fault-latency-p95-ms", "fault-latency-p99-ms" }
            .Select(table.Axis).Where(a => a is not null).Select(a => a!).ToList();
        if (percentiles.Count > 0 && table.Rows.Any(r => table.Value(r, percentiles[0]) is not null))
        {
            var lines = percentiles.Select(a => (a.Label.Replace(" (ms)", "", StringComparison.Ordinal),
                (IReadOnlyList<double>)table.Rows.Select(r => table.Value(r, a)).Where(v => v is not null).Select(v => v!.Value).ToList()));
            Save(CdfFigure.Draw("Postcopy fault latency across runs (per-run percentiles)", "fault latency (ms)", lines), "fault-latency-cdf.png");
        }

        if (written.Count == 0)
        {
            string? first = table.Results.Columns.FirstOrDefault(c => c.Contains('.') && !c.EndsWith(']') && table.Varies(c));
            if (first is not null && table.Axis(first) is { } x)
                Save(LineFigure.Draw(table, x, total, null), "total-time-vs-" + SweepTable.Short(first) + ".png");
        }
        return written;
    }
}
