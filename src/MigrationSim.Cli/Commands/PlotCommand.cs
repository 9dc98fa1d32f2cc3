using System.CommandLine;
using MigrationSim.Reporting.Csv;
using MigrationSim.Reporting.Plots;
using ScottPlot;

namespace MigrationSim.Cli.Commands;

/// <summary>
/// `migsim plot RESULTS.csv --x KEY --y METRIC [--series KEY] [--facet KEY]`: one figure from a
/// sweep's results (mean line, min-max band over replications), or with --defaults the default
/// set a sweep draws. --facet draws one panel per value of KEY, stacked in one PNG (an SVG gets
/// one file per value, FILE-KEY=VALUE.svg).
/// </summary>
public sealed class PlotCommand
{
    private static readonly Argument<string> Results = new("results") { Description = "A sweep's results.csv" };

    private static readonly Option<string?> X = new("--x") { Description = "Column on the x axis: a swept key (migration.max-bandwidth) or a figure (downtime)" };
    private static readonly Option<string?> Y = new("--y") { Description = "Figure on the y axis, e.g. total-time, downtime, dirty-sync-count, transferred" };
    private static readonly Option<string?> Series = new("--series") { Description = "One line per value of this column, e.g. migration.policy" };
    private static readonly Option<string?> Facet = new("--facet") { Description = "One panel per value of this column (stacked in one PNG; one file per value for SVG)" };
    private static readonly Option<bool> Cdf = new("--cdf") { Description = "Draw the CDF of --y across runs instead of a line against --x" };
    private static readonly Option<bool> Defaults = new("--defaults") { Description = "Draw the default figures of a sweep (into --out, a folder; default: figures/ beside RESULTS)" };
    private static readonly Option<string?> Out = new("--out", "-o") { Description = "Figure file (.png or .svg) [default: figures/Y-vs-X.png beside RESULTS]" };

    public static Command Create(CliConsole console)
    {
        var cmd = new Command("plot", "Draw a figure (PNG or SVG) from a sweep's results.csv.")
        {
            Results, X, Y, Series, Facet, Cdf, Defaults, Out,
        };
        cmd.SetAction((parse, ct) => Task.FromResult(Execute(parse, console)));
        return cmd;
    }

    private static int Execute(ParseResult parse, CliConsole console)
    {
        string file = parse.GetValue(Results)!;
        SweepTable table;
        try { table = SweepTable.Load(file); }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"error: {(e is InvalidDataException ? e.Message : $"{file}: {e.Message}")}");
            return ExitCodes.BadInput;
        }
        string figuresDir = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file))!, "figures");
        try
        {
            if (parse.GetValue(Defaults))
            {
                var written = DefaultFigures.Draw(table, parse.GetValue(Out) ?? figuresDir);
                foreach (var w in written) console.Out.WriteLine($"wrote {w}");
                if (written.Count == 0) console.Out.WriteLine("no default figure applies to the columns of this sweep; use --x and --y");
                return ExitCodes.Success;
            }

            string? yKey = parse.GetValue(Y);
            string? xKey = parse.GetValue(X);
            bool cdf = parse.GetValue(Cdf);
            if (yKey is null || (xKey is null && !cdf))
            {
                console.Error.WriteLine("error: give --y METRIC and --x KEY (or --cdf), or --defaults; columns: " + string.Join(", ", table.Results.Columns));
                return ExitCodes.BadInput;
            }
            PlotAxis? Resolve(string? key, string option)
            {
                if (key is null) return null;
                // Lines and facets group by the values as written ("64MiB/s"); x and y are numeric when they can be.
                var axis = option is "--series" or "--facet" ? table.Category(key) : table.Axis(key);
                if (axis is null)
                    console.Error.WriteLine($"error: {option} {key}: no such column in {file}; columns: {string.Join(", ", table.Results.Columns)}");
                return axis;
            }
            var y = Resolve(yKey, "--y");
            var x = cdf ? null : Resolve(xKey, "--x");
            var series = Resolve(parse.GetValue(Series), "--series");
            var facet = Resolve(parse.GetValue(Facet), "--facet");
            if (y is null || (!cdf && x is null) || (parse.GetValue(Series) is not null && series is null) || (parse.GetValue(Facet) is not null && facet is null))
                return ExitCodes.BadInput;
            if (!y.Numeric)
            {
                console.Error.WriteLine($"error: --y {yKey}: the column is not numeric");
                return ExitCodes.BadInput;
            }

            string output = parse.GetValue(Out) ?? Path.Combine(figuresDir, cdf ? $"{SweepTable.Short(yKey)}-cdf.png" : $"{SweepTable.Short(yKey)}-vs-{SweepTable.Short(xKey!)}.png");
            string ext = Path.GetExtension(output).ToLowerInvariant();
            if (ext is not ".png" and not ".svg")
            {
                console.Error.WriteLine($"error: --out {output}: figures are .png or .svg");
                return ExitCodes.BadInput;
            }
            Plot Draw(IReadOnlyList<SweepResultRow> rows, string? title) => cdf
                ? CdfFigure.Draw(new SweepTable(table.Results with { Rows = rows }), y, series, title)
                : LineFigure.Draw(table, x!, y, series, rows, title);
            if (facet is null)
            {
                FigureStyle.Save(Draw(table.Rows, null), output);
                console.Out.WriteLine($"wrote {output}");
                return ExitCodes.Success;
            }
            var panels = table.Distinct(facet.Column)
                .Select(v => (Value: v, Plot: Draw(table.Rows.Where(r => r.Cells[facet.Column] == v).ToList(), $"{SweepTable.Short(facet.Key)} = {v}")))
                .ToList();
            if (ext == ".png")
            {
                // Small multiples, one panel per value, stacked in one image.
                // Reset: a new Multiplot starts with one empty plot of its own.
                var multi = new Multiplot();
                multi.Reset(panels[0].Plot);
                foreach (var (_, plot) in panels.Skip(1)) multi.AddPlot(plot);
                FigureStyle.SaveStacked(multi, output, panels.Count);
                console.Out.WriteLine($"wrote {output} ({panels.Count} panels, one per {facet.Key})");
            }
            else
            {
                // ScottPlot draws a multi-panel figure as a bitmap only; an SVG gets one file per value.
                foreach (var (value, plot) in panels)
                {
                    string path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(output))!, $"{Path.GetFileNameWithoutExtension(output)}-{SweepTable.Short(facet.Key)}={Safe(value)}{ext}");
                    FigureStyle.Save(plot, path);
                    console.Out.WriteLine($"wrote {path}");
                }
            }
            return ExitCodes.Success;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"error: cannot write the figure: {e.Message}");
            return ExitCodes.Failure;
        }
    }

    private static string Safe(string value) =>
        string.Concat(value.Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_'));
}
