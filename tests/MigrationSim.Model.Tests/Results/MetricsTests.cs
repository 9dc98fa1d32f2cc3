using System.Reflection;
using MigrationSim.Model.Results;

namespace MigrationSim.Model.Tests;

/// <summary>The metric catalogue covers every figure of the summary once, under query-migrate's names where QEMU has them.</summary>
public class MetricsTests
{
    // query-migrate's figures (qapi/migration.json, MigrationInfo and MigrationStats), as QEMU 7.2 spells them.
    private static readonly string[] QueryMigrate =
    [
        "total-time", "downtime", "expected-downtime", "setup-time", "cpu-throttle-percentage", "transferred", "remaining", "total",
        "duplicate", "normal", "normal-bytes", "dirty-pages-rate", "mbps", "dirty-sync-count", "postcopy-requests", "precopy-bytes",
        "downtime-bytes", "postcopy-bytes", "multifd-bytes",
        // its xbzrle-cache object, prefixed as captures' summary.json names them
        "xbzrle-pages", "xbzrle-bytes", "xbzrle-cache-miss", "xbzrle-overflow",
    ];

    [Fact]
    public void Every_numeric_figure_of_the_summary_is_read_by_exactly_one_metric()
    {
        // Give each numeric property a distinct value; each metric must return exactly one of them, and together all.
        var props = typeof(MigrationSummary).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => (Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType) is var t && (t == typeof(long) || t == typeof(double) || t == typeof(int)))
            .Where(p => p.Name != nameof(MigrationSummary.Seed)).ToList();
        var s = new MigrationSummary { Scenario = "s", Type = "live", Policy = "precopy", Status = "completed", Outcome = "converged", Converged = true };
        var values = new Dictionary<double, string>();
        for (int i = 0; i < props.Count; i++)
        {
            var t = Nullable.GetUnderlyingType(props[i].PropertyType) ?? props[i].PropertyType;
            object v = t == typeof(long) ? 1000L + i : t == typeof(int) ? 1000 + i : (object)(1000.0 + i);
            props[i].SetValue(s, v);
            values[1000 + i] = props[i].Name;
        }
        var read = Metrics.All.Where(m => m != Metrics.Converged).Select(m => (m.Name, Value: m.Read(s))).ToList();
        Assert.All(read, r => Assert.True(r.Value is { } v && values.ContainsKey(v), $"{r.Name} reads {r.Value}, no summary figure"));
        Assert.Equal(values.Values.Order(), read.Select(r => values[r.Value!.Value]).Order());
        Assert.Equal(1, Metrics.Converged.Read(s));
    }

    [Fact]
    public void Names_are_unique_and_those_a_capture_has_are_query_migrates()
    {
        Assert.Equal(Metrics.All.Count, Metrics.All.Select(m => m.Name).Distinct().Count());
        Assert.All(Metrics.All.Where(m => m.InQueryMigrate && m != Metrics.Converged), m => Assert.Contains(m.Name, QueryMigrate));
        Assert.All(Metrics.All.Where(m => !m.InQueryMigrate), m => Assert.DoesNotContain(m.Name, QueryMigrate));
        Assert.Same(Metrics.Downtime, Metrics.Get("downtime"));
        var e = Assert.Throws<KeyNotFoundException>(() => Metrics.Get("total_time"));
        Assert.Contains("unknown metric 'total_time'; known metrics: converged, dirty-sync-count, total-time", e.Message);
    }

    [Fact]
    public void Cells_and_people_read_each_unit_as_files_and_summaries_do()
    {
        var s = new MigrationSummary
        {
            Scenario = "s", Type = "live", Policy = "p", Status = "cancelled", Outcome = "max-time", Converged = false,
            TotalTimeMs = 11442.2414, GuestProgress = 0.99712345, Transferred = 1_564_407_504, Mbps = 1094.56,
        };
        Assert.Equal("false", Metrics.Converged.Cell(s));
        Assert.Null(Metrics.Downtime.Cell(s));
        Assert.Equal("11442.241", Metrics.TotalTime.Cell(s));
        Assert.Equal("0.9971", Metrics.GuestProgress.Cell(s));
        Assert.Equal("1564407504", Metrics.Transferred.Cell(s));
        Assert.Equal("11.44 s", Metrics.TotalTime.Show(11442.2414));
        Assert.Equal("1.46 GiB", Metrics.Transferred.Show(1_564_407_504));
        Assert.Equal("1094.6 Mbit/s", Metrics.Mbps.Show(1094.56));
        Assert.Equal("99.7%", Metrics.GuestProgress.Show(0.99712345).Replace(" ", ""));
        Assert.Equal(1e-3, Metrics.TotalTime.PlotScale);
        Assert.Equal("total time (s)", Metrics.TotalTime.PlotLabel);
    }
}
