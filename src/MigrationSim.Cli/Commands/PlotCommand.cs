using System.CommandLine;
using MigrationSim.Reporting.Csv;
using MigrationSim.Reporting.Plots;
using MigrationSim.Scenarios.Suggestions;
using ScottPlot;

namespace MigrationSim.Cli.Commands;

/// <summary>
/// `migsim plot RESULTS.csv --x KEY --y METRIC [--series KEY] [--facet KEY]`: one figure from a
/// sweep's results (one line per value of every swept axis not on x, mean line and min-max band
/// over replications), or with --defaults the default set a sweep draws. --facet draws one panel per value of KEY, stacked in one PNG (an SVG gets
/// one file per value, FILE-KEY=VALUE.svg).
/// </summary>
public sealed class PlotCommand
{
    private static readonly Argument<string> Results = new("results") { Description = "A sweep's results.csv, or the sweep's folder (its --out) holding it" };

    private static readonly Option<string?> X = new("--x") { Description = "Column on the x axis: a swept key (migration.max-bandwidth) or a figure (downtime)" };
    private static readonly Option<string?> Y = new("--y") { Description = "Figure on the y axis: " + string.Join(", ", Metrics) };
    private static readonly Option<string?> Series = new("--series") { Description = "One line per value of this column, e.g. migration.policy" };
    private static readonly Option<string?> Facet = new("--facet") { Description = "One panel per value of this column (stacked in one PNG; one file per value for SVG)" };
    private static readonly Option<bool> Cdf = new("--cdf") { Description = "Draw the CDF of --y across runs instead of a line against --x" };
    private static readonly Option<bool> Defaults = new("--defaults") { Description = "Draw the default figures of a sweep (into --out, a folder; default: figures/ beside RESULTS)" };
    private static readonly Option<string?> Out = new("--out", "-o") { Description = "Figure file (.png or .svg) [default: figures/Y-vs-X.png beside RESULTS]" };
    private static readonly Option<string> XScale = new("--x-scale") { Description = "auto (log when the swept values are evenly spaced in ratio, as a 'scale: log' range makes them), linear or log", DefaultValueFactory = _ => "auto" };
    private static readonly Option<string> YScale = new("--y-scale") { Description = "linear or log (or auto, as for --x-scale)", DefaultValueFactory = _ => "linear" };

    /// <summary>The summary figures --y takes (every results.csv has them), for help and did-you-mean.</summary>
    private static IReadOnlyList<string> Metrics => SweepResultsFile.FigureHeaders.Where(h => Model.Results.Metrics.TryGet(h, out _)).ToList();

    public static Command Create(CliConsole console)
    {
        var cmd = new Command("plot", "Draw a figure (PNG or SVG) from a sweep's results.csv: one line per value of every swept axis not on x (none is averaged away), a band over replications.")
        {
            Results, X, Y, Series, Facet, Cdf, Defaults, Out, XScale, YScale,
        };
        CommandHelp.Examples(cmd,
            "migsim plot results/sweeps/policy-comparison/results.csv --x workload.rate --y guest-progress --series migration.policy",
            "migsim plot results/sweeps/policy-comparison/results.csv --y downtime --cdf --series migration.policy --facet workload.rate",
            "migsim plot results/sweeps/sla-downtime-limit/results.csv --defaults");
        cmd.SetAction((parse, ct) => Task.FromResult(Execute(parse, console)));
        return cmd;
    }

    private static int Execute(ParseResult parse, CliConsole console)
    {
        string file = parse.GetValue(Results)!;
        if (Directory.Exists(file))
        {
            // The folder a sweep wrote (its --out) stands for the results.csv in it.
            string inside = Path.Combine(file, SweepResultsFile.FileName);
            if (!File.Exists(inside))
            {
                console.Error.WriteLine($"error: {file} is a folder without {SweepResultsFile.FileName}; give a sweep's {SweepResultsFile.FileName} or the folder a sweep wrote (its --out)");
                return ExitCodes.BadInput;
            }
            file = inside;
        }
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
                {
                    var known = option == "--y" ? Metrics : table.SweptKeys().Concat(Metrics).ToList();
                    string hint = NearestName.Suggest(key, table.Results.Columns.Where(c => !c.EndsWith(']'))) is { } near ? $" (did you mean '{near}'?)" : "";
                    console.Error.WriteLine($"error: {option} {key}: no such column in {file}{hint}; {(option == "--y" ? "metrics" : "swept keys and metrics")}: {string.Join(", ", known)}");
                }
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
            if (Scale(parse.GetValue(XScale)!) is not { } xScale || Scale(parse.GetValue(YScale)!) is not { } yScale)
            {
                console.Error.WriteLine($"error: --x-scale {parse.GetValue(XScale)} / --y-scale {parse.GetValue(YScale)}: allowed: auto, linear, log");
                return ExitCodes.BadInput;
            }
            Plot Draw(IReadOnlyList<SweepResultRow> rows, string? title) => cdf
                ? CdfFigure.Draw(table, y, series, title, rows)
                : LineFigure.Draw(table, x!, y, series is null ? [] : [series], rows, new LineFigureOptions { Title = title, XScale = xScale, YScale = yScale });
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

    private static AxisScale? Scale(string text) => text.ToLowerInvariant() switch
    {
        "auto" => AxisScale.Auto,
        "linear" => AxisScale.Linear,
        "log" => AxisScale.Log,
        _ => null,
    };

    private static string Safe(string value) =>
        string.Concat(value.Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_'));
}
