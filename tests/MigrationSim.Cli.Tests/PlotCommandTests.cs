using MigrationSim.Reporting.Csv;

namespace MigrationSim.Cli.Tests;

public class PlotCommandTests
{
    private const string Sweep = """
        name: plot-sweep
        replications: 2
        base:
          guest: { memory: 128MiB, resident: 8MiB }
          workload: { kind: uniform, working-set: 32MiB, rate: 1k pages/s }
          network: { bandwidth: 10Gbit/s }
        axes:
          - key: migration.downtime-limit
            values: [30ms, 100ms, 300ms]
          - key: migration.max-bandwidth
            values: [32MiB/s, 128MiB/s]
        """;

    private static string Results(TempFolder tmp)
    {
        File.WriteAllText(tmp.File("s.yaml"), Sweep);
        var (exit, _, err) = Cli.Run("sweep", tmp.File("s.yaml"), "--out", tmp.File("out"));
        Assert.True(exit == 0, err);
        return Path.Combine(tmp.File("out"), SweepResultsFile.FileName);
    }

    [Fact]
    public void Plot_draws_a_png_and_an_svg_with_series_and_facets()
    {
        using var tmp = new TempFolder();
        string results = Results(tmp);
        Assert.True(File.Exists(Path.Combine(tmp.File("out"), "figures", "downtime-vs-downtime-limit.png")));

        var png = Cli.Run("plot", results, "--x", "migration.downtime-limit", "--y", "total-time", "--series", "migration.max-bandwidth", "--out", tmp.File("a.png"));
        Assert.True(png.Exit == 0, png.Err);
        Assert.True(new FileInfo(tmp.File("a.png")).Length > 5_000);

        var svg = Cli.Run("plot", results, "--x", "migration.max-bandwidth", "--y", "downtime", "--out", tmp.File("b.svg"));
        Assert.True(svg.Exit == 0, svg.Err);
        Assert.Contains("<svg", File.ReadAllText(tmp.File("b.svg")));

        var facet = Cli.Run("plot", results, "--x", "migration.downtime-limit", "--y", "downtime", "--facet", "migration.max-bandwidth", "--out", tmp.File("f.png"));
        Assert.True(facet.Exit == 0, facet.Err);
        Assert.Contains("2 panels", facet.Out);
        using (var image = SkiaSharp.SKBitmap.Decode(tmp.File("f.png")))
            Assert.Equal((900, 960), (image.Width, image.Height)); // two stacked panels of 480
        var facetSvg = Cli.Run("plot", results, "--x", "migration.downtime-limit", "--y", "downtime", "--facet", "migration.max-bandwidth", "--out", tmp.File("f.svg"));
        Assert.True(facetSvg.Exit == 0, facetSvg.Err);
        Assert.True(File.Exists(tmp.File("f-max-bandwidth=32MiB_s.svg")), facetSvg.Out);
        Assert.True(File.Exists(tmp.File("f-max-bandwidth=128MiB_s.svg")), facetSvg.Out);

        var cdf = Cli.Run("plot", results, "--y", "downtime", "--cdf", "--out", tmp.File("c.png"));
        Assert.True(cdf.Exit == 0, cdf.Err);
    }

    [Fact]
    public void A_sweep_folder_stands_for_its_results_and_a_folder_without_them_is_bad_input()
    {
        using var tmp = new TempFolder();
        Results(tmp);
        var folder = Cli.Run("plot", tmp.File("out"), "--x", "migration.downtime-limit", "--y", "total-time", "--out", tmp.File("a.png"));
        Assert.True(folder.Exit == 0, folder.Err);
        Assert.True(new FileInfo(tmp.File("a.png")).Length > 5_000);

        Directory.CreateDirectory(tmp.File("empty"));
        var empty = Cli.Run("plot", tmp.File("empty"), "--x", "migration.downtime-limit", "--y", "total-time", "--out", tmp.File("b.png"));
        Assert.Equal(2, empty.Exit);
        Assert.Contains($"{tmp.File("empty")} is a folder without results.csv", empty.Err);
        Assert.False(File.Exists(tmp.File("b.png")));
    }

    [Fact]
    public void An_unknown_column_is_bad_input_listing_the_columns()
    {
        using var tmp = new TempFolder();
        string results = Results(tmp);
        var (exit, _, err) = Cli.Run("plot", results, "--x", "migration.nope", "--y", "downtime", "--out", tmp.File("x.png"));
        Assert.Equal(2, exit);
        Assert.Contains("migration.nope", err);
        Assert.Contains("migration.downtime-limit", err);
        Assert.False(File.Exists(tmp.File("x.png")));
    }

    [Fact]
    public void A_mistyped_metric_gets_a_suggestion_and_help_lists_the_metrics()
    {
        using var tmp = new TempFolder();
        string results = Results(tmp);
        var (exit, _, err) = Cli.Run("plot", results, "--x", "migration.downtime-limit", "--y", "downtme", "--out", tmp.File("x.png"));
        Assert.Equal(2, exit);
        Assert.Contains("--y downtme: no such column", err);
        Assert.Contains("(did you mean 'downtime'?)", err);
        Assert.Contains("metrics: ", err);
        Assert.False(File.Exists(tmp.File("x.png")));
        var help = Cli.Run("plot", "--help");
        foreach (string metric in new[] { "total-time", "downtime", "guest-progress", "fault-latency-p99-ms", "exposure-window-ms" })
            Assert.Contains(metric, help.Out);
        Assert.Contains("Examples:", help.Out);
        Assert.Equal(2, Cli.Run("plot", results, "--x", "migration.downtime-limit", "--y", "downtime", "--x-scale", "logarithmic", "--out", tmp.File("y.png")).Exit);
        Assert.Equal(0, Cli.Run("plot", results, "--x", "migration.downtime-limit", "--y", "downtime", "--y-scale", "log", "--out", tmp.File("z.png")).Exit);
    }
}
