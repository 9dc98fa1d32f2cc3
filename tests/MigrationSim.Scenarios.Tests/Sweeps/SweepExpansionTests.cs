using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Policies;
using MigrationSim.Scenarios.Sweeps;

namespace MigrationSim.Scenarios.Tests.Sweeps;

public class SweepExpansionTests
{
    private const string Base = """
        base:
          name: tiny
          seed: 3
          guest: { memory: 256MiB, resident: 16MiB }
          workload: { kind: uniform, working-set: 64MiB, rate: 2k pages/s }
          network: { bandwidth: 10Gbit/s, latency: 100us }
          migration: { max-bandwidth: 128MiB/s }
        """;

    private static SweepPlan Expand(string text, string file = "sweep.yaml") => SweepExpander.Expand(SweepLoader.Parse(text, file));

    [Fact]
    public void Points_built_on_several_threads_give_the_plan_and_the_first_error_of_a_sequential_pass()
    {
        string text = Base + """

            replications: 2
            axes:
              - key: workload.rate
                range: { from: 1k pages/s, to: 20k pages/s, steps: 15 }
              - key: migration.downtime-limit
                values: [20ms, 50ms, 100ms, 300ms]
            """;
        var one = SweepExpander.Expand(SweepLoader.Parse(text, "s.yaml"), parallelism: 1);
        var four = SweepExpander.Expand(SweepLoader.Parse(text, "s.yaml"), parallelism: 4);
        Assert.Equal(one.Fingerprint, four.Fingerprint);
        Assert.Equal(one.Points.Select(p => (p.Index, string.Join("|", p.ParameterValues), p.Scenario.Input)),
            four.Points.Select(p => (p.Index, string.Join("|", p.ParameterValues), p.Scenario.Input)));
        Assert.Equal(one.Runs.Select(r => (r.Point.Index, r.Replication, r.Seed)), four.Runs.Select(r => (r.Point.Index, r.Replication, r.Seed)));

        // Points 4 and 8 are invalid (a working set larger than memory); the error named is point 4's, whatever the threads.
        string bad = Base + """

            axes:
              - key: workload.working-set
                values: [1MiB, 2MiB, 4MiB, 8MiB, 1GiB, 16MiB, 32MiB, 64MiB, 2GiB]
            """;
        var e1 = Assert.Throws<ScenarioException>(() => SweepExpander.Expand(SweepLoader.Parse(bad, "s.yaml"), parallelism: 1));
        var e4 = Assert.Throws<ScenarioException>(() => SweepExpander.Expand(SweepLoader.Parse(bad, "s.yaml"), parallelism: 4));
        Assert.Equal(e1.Message, e4.Message);
        Assert.Contains("1GiB", e1.Message);
    }

    [Fact]
    public void Crossed_axes_give_the_product_and_replications_multiply_runs()
    {
        var plan = Expand(Base + """

            replications: 2
            axes:
              - key: migration.max-bandwidth
                values: [32MiB/s, 64MiB/s, 128MiB/s]
              - key: migration.downtime-limit
                values: [50ms, 100ms, 200ms, 300ms]
            """);
        Assert.Equal(12, plan.Points.Count);
        Assert.Equal(24, plan.Runs.Count);
        // First axis varies slowest.
        Assert.Equal(["32MiB/s", "32", "50ms", "50"], plan.Points[0].ParameterValues);
        Assert.Equal(["32MiB/s", "32", "100ms", "100"], plan.Points[1].ParameterValues);
        Assert.Equal(["64MiB/s", "64", "50ms", "50"], plan.Points[4].ParameterValues);
        Assert.Equal(["migration.max-bandwidth", "migration.max-bandwidth [MiB/s]", "migration.downtime-limit", "migration.downtime-limit [ms]"], plan.ParameterHeaders);
        Assert.Equal(64.0 * (1 << 20), plan.Points[4].Scenario.Input.Parameters.MaxBandwidthBytesPerSecond);
        Assert.Equal(100, plan.Points[1].Scenario.Input.Parameters.DowntimeLimit.Milliseconds);
        Assert.Equal(plan.Points.Count, plan.Points.Select(p => string.Join("|", p.ParameterValues)).Distinct().Count());
    }

    [Fact]
    public void Zipped_axes_advance_together_and_are_crossed_with_the_rest()
    {
        var plan = Expand(Base + """

            axes:
              - key: workload.rate
                values: [1k pages/s, 2k pages/s, 4k pages/s]
              - key: migration.policy
                values: [precopy, postcopy]
              - key: migration.max-bandwidth
                values: [32MiB/s, 64MiB/s, 128MiB/s]
            zip: [workload.rate, migration.max-bandwidth]
            """);
        Assert.Equal(6, plan.Points.Count);
        foreach (var p in plan.Points)
        {
            double rate = p.Scenario.Input.Workload switch { Model.Workloads.UniformWorkloadSpec u => u.RatePagesPerSecond, _ => -1 };
            double bw = p.Scenario.Input.Parameters.MaxBandwidthBytesPerSecond / (1 << 20);
            Assert.Equal(rate / 1000 * 32, bw); // 1k with 32, 2k with 64, 4k with 128
        }
        Assert.Equal(PostcopySpec.Instance, plan.Points[1].Scenario.Input.Policy);
    }

    [Property(MaxTest = 40)]
    public Property Point_count_is_the_product_of_group_sizes_and_every_combination_appears_once(PositiveInt a, PositiveInt b, PositiveInt c, bool zipAb)
    {
        int na = a.Get % 4 + 1, nb = zipAb ? na : b.Get % 4 + 1, nc = c.Get % 3 + 1;
        string Values(int n, string unit, int start) => "[" + string.Join(", ", Enumerable.Range(start, n).Select(i => $"{i}{unit}")) + "]";
        var plan = Expand(Base + $"""

            axes:
              - key: migration.max-bandwidth
                values: {Values(na, "MiB/s", 10)}
              - key: migration.downtime-limit
                values: {Values(nb, "ms", 20)}
              - key: host.switchover-cost
                values: {Values(nc, "ms", 1)}
            {(zipAb ? "zip: [migration.max-bandwidth, migration.downtime-limit]" : "")}
            """);
        int expected = (zipAb ? na : na * nb) * nc;
        var combos = plan.Points.Select(p => string.Join("|", p.ParameterValues)).ToList();
        bool zippedTogether = !zipAb || plan.Points.All(p =>
            p.Scenario.Input.Parameters.MaxBandwidthBytesPerSecond / (1 << 20) - 10 == p.Scenario.Input.Parameters.DowntimeLimit.Milliseconds - 20);
        return (plan.Points.Count == expected && combos.Distinct().Count() == expected && zippedTogether)
            .Label($"points {plan.Points.Count}, expected {expected}, distinct {combos.Distinct().Count()}, zipped ok {zippedTogether}");
    }

    [Fact]
    public void Seeds_are_distinct_per_run_and_the_same_on_every_expansion()
    {
        string text = Base + """

            replications: 5
            axes:
              - key: migration.downtime-limit
                values: [50ms, 100ms, 200ms]
            """;
        var one = Expand(text);
        var two = Expand(text);
        Assert.Equal(15, one.Runs.Count);
        Assert.Equal(15, one.Runs.Select(r => r.Seed).Distinct().Count());
        Assert.Equal(one.Runs.Select(r => r.Seed), two.Runs.Select(r => r.Seed));
        Assert.Equal(one.Fingerprint, two.Fingerprint);
        Assert.All(one.Runs, r => Assert.Equal(r.Seed, r.Input.Seed));
        // Another base seed gives other seeds and another fingerprint.
        var other = Expand(text.Replace("seed: 3", "seed: 4"));
        Assert.NotEqual(one.Fingerprint, other.Fingerprint);
        Assert.Empty(one.Runs.Select(r => r.Seed).Intersect(other.Runs.Select(r => r.Seed)));
    }

    [Fact]
    public void The_fingerprint_changes_with_any_value()
    {
        string text = Base + "\naxes:\n  - key: migration.downtime-limit\n    values: [50ms, 100ms]\n";
        Assert.NotEqual(Expand(text).Fingerprint, Expand(text.Replace("100ms", "101ms")).Fingerprint);
        Assert.NotEqual(Expand(text).Fingerprint, Expand(text.Replace("rate: 2k", "rate: 3k")).Fingerprint);
        Assert.Equal(Expand(text).Fingerprint, Expand("# a comment\n" + text).Fingerprint);
    }

    /// <summary>
    /// results.csv carries the fingerprint, and --resume and merge accept a file only when it matches:
    /// a sweep must keep its fingerprint from one version to the next. The values are the ones main
    /// wrote on 2026-11-27 (before sweeps replayed the base's recorded parser events instead of
    /// re-parsing it per point); whatever changes in how points are built or hashed must keep them.
    /// </summary>
    [Fact]
    public void The_fingerprint_of_a_sweep_is_the_one_earlier_versions_wrote()
    {
        string text = Base + """

            name: fingerprint-pin
            replications: 2
            set: { migration.max-time: 90s }
            axes:
              - key: workload.rate
                range: { from: 1k pages/s, to: 4k pages/s, steps: 3, scale: log }
              - key: migration.downtime-limit
                values: [50ms, 300ms]
              - key: network.latency
                values: [100us, 1ms]
            zip: [migration.downtime-limit, network.latency]
            """;
        Assert.Equal("18b5536e9d2af563", SweepExpander.Expand(SweepLoader.Parse(text, "inline.yaml"), parallelism: 2).Fingerprint);

        string root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "MigrationSim.sln"))) root = Path.GetDirectoryName(root)!;
        var bench = SweepLoader.LoadFile(Path.Combine(root, "scenarios", "bench", "sweeps", "sweep-1000.yaml"));
        Assert.Equal("d57e53dc5e9498d7", SweepExpander.Expand(bench, parallelism: 2).Fingerprint);
    }

    [Fact]
    public void A_point_that_breaks_a_key_of_the_base_names_the_line_in_the_base()
    {
        string dir = Path.Combine(Path.GetTempPath(), "migsim-sweep-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(dir, "sweeps"));
        try
        {
            // The working set (line 6 of the base, in the mapping opened on line 5) fits 256 MiB, not 32 MiB.
            File.WriteAllText(Path.Combine(dir, "base.yaml"), "name: b\nseed: 3\nguest: { memory: 256MiB, resident: 16MiB }\nworkload:\n  kind: uniform\n  working-set: 64MiB\n" +
                                                           "  rate: 2k pages/s\nnetwork: { bandwidth: 10Gbit/s }\n");
            string sweep = Path.Combine(dir, "sweeps", "bad.yaml");
            File.WriteAllText(sweep, "base: ../base.yaml\naxes:\n  - key: guest.memory\n    values: [256MiB, 32MiB]\n");
            var e = Assert.Throws<ScenarioException>(() => SweepExpander.Expand(SweepLoader.LoadFile(sweep), parallelism: 2));
            Assert.Equal(3, e.Line);
            Assert.Contains($"point 1 (guest.memory=32MiB) is not a valid scenario: {Path.Combine(dir, "sweeps", "..", "base.yaml")}:5:3: workload.working-set:", e.Message);

            // Inline, the same key is reported at its line in the sweep file.
            string inline = "base:\n  guest: { memory: 256MiB }\n  workload:\n    kind: uniform\n    working-set: 64MiB\n    rate: 2k pages/s\n" +
                            "  network: { bandwidth: 10Gbit/s }\naxes:\n  - key: guest.memory\n    values: [32MiB]\n";
            var i = Assert.Throws<ScenarioException>(() => Expand(inline, "inline.yaml"));
            Assert.Contains("is not a valid scenario: inline.yaml:4:5: workload.working-set:", i.Message);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void A_range_interpolates_the_number_and_keeps_the_unit()
    {
        var lin = NumericRange.Values("16MiB/s", "128MiB/s", 8, false, out _)!;
        Assert.Equal(["16MiB/s", "32MiB/s", "48MiB/s", "64MiB/s", "80MiB/s", "96MiB/s", "112MiB/s", "128MiB/s"], lin);
        var log = NumericRange.Values("1k pages/s", "64k pages/s", 7, true, out _)!;
        Assert.Equal(["1k pages/s", "2k pages/s", "4k pages/s", "8k pages/s", "16k pages/s", "32k pages/s", "64k pages/s"], log);
        Assert.Equal(["5000 pages/s"], NumericRange.Values("5000 pages/s", "9000 pages/s", 1, false, out _));
        Assert.Equal(["2", "4", "6"], NumericRange.Values("2", "6", 3, false, out _));
        Assert.Null(NumericRange.Values("16MiB/s", "1GiB/s", 3, false, out string e));
        Assert.Contains("same unit", e);
        Assert.Null(NumericRange.Values("0ms", "10ms", 3, true, out e));
        Assert.Null(NumericRange.Values("1ms", "10ms", 0, false, out e));
        Assert.Contains("empty", e);
    }

    [Fact]
    public void A_range_axis_reaches_the_scenario_with_units()
    {
        var plan = Expand(Base + """

            axes:
              - key: workload.rate
                range: { from: 1k pages/s, to: 4k pages/s, steps: 3, scale: log }
            """);
        Assert.Equal(["1k pages/s", "2k pages/s", "4k pages/s"], plan.Points.Select(p => p.ParameterValues[0]));
        Assert.Equal(["1000", "2000", "4000"], plan.Points.Select(p => p.ParameterValues[1]));
        Assert.Equal("workload.rate [pages/s]", plan.ParameterHeaders[1]);
    }

    [Fact]
    public void An_axis_over_a_key_the_scenario_does_not_have_is_reported_at_the_axis_line()
    {
        var e = Assert.Throws<ScenarioException>(() => Expand(Base + """

            axes:
              - key: migration.downtime-limit
                values: [50ms]
              - key: migration.max-bandwith
                values: [32MiB/s]
            """, "bad-sweep.yaml"));
        Assert.Equal("bad-sweep.yaml", e.File);
        Assert.Equal(11, e.Line);
        Assert.Equal("migration.max-bandwith", e.Key);
        Assert.Contains("not a scenario key", e.Message);
        Assert.Contains("did you mean 'max-bandwidth'", e.Message);

        var top = Assert.Throws<ScenarioException>(() => Expand(Base + "\naxes:\n  - key: nosuch.key\n    values: [1]\n", "s.yaml"));
        Assert.Equal(9, top.Line);
        Assert.Equal("nosuch.key", top.Key);
    }

    [Fact]
    public void A_bad_value_is_reported_at_the_axis_line()
    {
        var e = Assert.Throws<ScenarioException>(() => Expand(Base + "\naxes:\n  - key: migration.max-bandwidth\n    values: [32MiB/s, fast]\n", "s.yaml"));
        Assert.Equal(9, e.Line);
        Assert.Contains("value 'fast'", e.Message);
    }

    [Fact]
    public void An_empty_range_and_an_empty_list_are_refused_with_their_line()
    {
        var e = Assert.Throws<ScenarioException>(() => Expand(Base + "\naxes:\n  - key: migration.max-bandwidth\n    range: { from: 16MiB/s, to: 128MiB/s, steps: 0 }\n", "s.yaml"));
        Assert.Equal(10, e.Line);
        Assert.Contains("empty", e.Message);
        var e2 = Assert.Throws<ScenarioException>(() => Expand(Base + "\naxes:\n  - key: migration.max-bandwidth\n    values: []\n", "s.yaml"));
        Assert.Contains("empty", e2.Message);
    }

    [Fact]
    public void A_policy_value_that_needs_more_keys_is_reported_until_set_gives_them()
    {
        string axes = "\naxes:\n  - key: migration.policy\n    values: [precopy, hybrid]\n";
        var e = Assert.Throws<ScenarioException>(() => Expand(Base + axes, "s.yaml"));
        Assert.Equal("s.yaml", e.File);
        Assert.Contains("migration.policy=hybrid", e.Message);
        Assert.Contains("switch", e.Message);
        Assert.Contains("set:", e.Message);

        var plan = Expand(Base + axes + "    set: { hybrid: { migration.switch: { after-iterations: 2 } } }\n");
        Assert.Equal(2, Assert.IsType<HybridSpec>(plan.Points[1].Scenario.Input.Policy).Switch.AfterIterations);
        Assert.IsType<PrecopySpec>(plan.Points[0].Scenario.Input.Policy);
    }

    [Fact]
    public void A_null_value_removes_the_key_from_the_base()
    {
        var plan = Expand(Base.Replace("migration: { max-bandwidth: 128MiB/s }", "migration: { policy: hybrid, switch: { after-iterations: 1 } }") + """

            axes:
              - key: migration.policy
                values: [hybrid, precopy]
                set: { precopy: { migration.switch: ~ } }
            """);
        Assert.Equal(PrecopySpec.Instance, plan.Points[1].Scenario.Input.Policy);
    }

    [Fact]
    public void A_top_level_set_applies_to_every_point_and_its_errors_name_its_line()
    {
        string axes = "\naxes:\n  - key: migration.downtime-limit\n    values: [50ms, 100ms]\n";
        var plan = Expand(Base + "\nset: { migration.max-time: 90s }" + axes);
        Assert.All(plan.Points, p => Assert.Equal(90, p.Scenario.Input.Parameters.MaxTime.Milliseconds / 1000));
        var e = Assert.Throws<ScenarioException>(() => Expand(Base + "\nset: { migration.max-tim: 90s }" + axes, "s.yaml"));
        Assert.Equal(8, e.Line);
        Assert.Equal("migration.max-tim", e.Key);
    }

    [Fact]
    public void Base_can_be_a_file_relative_to_the_sweep()
    {
        string dir = Path.Combine(Path.GetTempPath(), "migsim-sweep-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(dir, "sweeps"));
        try
        {
            File.WriteAllText(Path.Combine(dir, "s.yaml"), "guest: { memory: 256MiB }\nnetwork: { bandwidth: 10Gbit/s }\n");
            string sweep = Path.Combine(dir, "sweeps", "x.yaml");
            File.WriteAllText(sweep, "base: ../s.yaml\naxes:\n  - key: migration.max-bandwidth\n    values: [32MiB/s, 64MiB/s]\n");
            var plan = SweepExpander.Expand(SweepLoader.LoadFile(sweep));
            Assert.Equal(2, plan.Points.Count);
            Assert.Equal("s", plan.Points[0].Scenario.Name);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Shards_are_disjoint_and_cover_every_point()
    {
        for (int n = 1; n <= 5; n++)
        {
            var owners = Enumerable.Range(0, 23).Select(p => Enumerable.Range(1, n).Count(k => new ShardSpec(k, n).Includes(p)));
            Assert.All(owners, o => Assert.Equal(1, o));
        }
        Assert.Equal(new ShardSpec(2, 8), ShardSpec.Parse("2/8", out _));
        foreach (var bad in new[] { "0/3", "4/3", "1/0", "x", "1-3", "" })
            Assert.Null(ShardSpec.Parse(bad, out _));
    }

    public static TheoryData<string> ShippedSweeps()
    {
        var data = new TheoryData<string>();
        string root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "MigrationSim.sln"))) root = Path.GetDirectoryName(root)!;
        foreach (var f in Directory.GetFiles(Path.Combine(root, "scenarios"), "*.yaml", SearchOption.AllDirectories)
                     .Where(f => f.Contains($"{Path.DirectorySeparatorChar}sweeps{Path.DirectorySeparatorChar}")).Order(StringComparer.Ordinal))
            data.Add(f);
        return data;
    }

    [Theory]
    [MemberData(nameof(ShippedSweeps))]
    public void Every_shipped_sweep_expands(string file)
    {
        var plan = SweepExpander.Expand(SweepLoader.LoadFile(file));
        Assert.NotEmpty(plan.Runs);
        Assert.Equal(plan.Runs.Count, plan.Runs.Select(r => r.Seed).Distinct().Count());
    }
}
