using MigrationSim.Model.Migration;
using MigrationSim.Model.Policies;
using MigrationSim.Model.Workloads;

namespace MigrationSim.Scenarios.Tests;

public class ScenarioLoaderTests
{
    private const string Minimal = """
        guest:
          memory: 4GiB
        network:
          bandwidth: 10Gbit/s
        """;

    [Fact]
    public void Defaults_are_QEMUs()
    {
        var s = ScenarioLoader.Parse(Minimal, "min.yaml");
        var p = s.Input.Parameters;
        Assert.Equal("min", s.Name);
        Assert.Equal(300, p.DowntimeLimit.Milliseconds);
        Assert.Equal(128.0 * 1024 * 1024, p.MaxBandwidthBytesPerSecond);
        Assert.False(p.AutoConverge.Enabled);
        Assert.Equal((50, 20, 10, 99), (p.AutoConverge.TriggerThresholdPercent, p.AutoConverge.InitialPercent, p.AutoConverge.IncrementPercent, p.AutoConverge.MaxPercent));
        Assert.Equal(4096, s.Input.Guest.PageSizeBytes);
        Assert.Equal(MigrationType.Live, s.Input.Type);
        Assert.IsType<IdleWorkloadSpec>(s.Input.Workload);
    }

    [Fact]
    public void A_full_scenario_is_read_with_its_units()
    {
        var s = ScenarioLoader.Parse("""
            name: full
            seed: 9
            guest: { memory: 8GiB, page-size: 4KiB, resident: 512MiB }
            workload:
              kind: hotspot
              working-set: 1GiB
              rate: 20k pages/s
              hot-fraction: 0.1
              hot-share: 0.9
            network: { bandwidth: 25Gbit/s, latency: 50us }
            migration:
              type: online
              downtime-limit: 100ms
              max-bandwidth: unlimited
              auto-converge: true
              cpu-throttle-tailslow: true
              max-time: 10min
            host: { switchover-cost: 20ms, setup-time: 30ms }
            """, "full.yaml");
        var i = s.Input;
        Assert.Equal(9UL, i.Seed);
        Assert.Equal(8L << 30, i.Guest.MemoryBytes);
        Assert.Equal(131072, i.Guest.ResidentPages);
        var w = Assert.IsType<HotspotWorkloadSpec>(i.Workload);
        Assert.Equal((262144L, 20000.0, 0.1, 0.9), (w.Pages, w.RatePagesPerSecond, w.HotFraction, w.HotShare));
        Assert.Equal(25e9 / 8, i.Link.BandwidthBytesPerSecond);
        Assert.Equal(50, i.Link.Latency.Nanoseconds / 1000);
        Assert.Equal(MigrationType.Online, i.Type);
        Assert.True(double.IsPositiveInfinity(i.Parameters.MaxBandwidthBytesPerSecond));
        Assert.True(i.Parameters.AutoConverge.Tailslow);
        Assert.Equal(600, i.Parameters.MaxTime.Seconds);
        Assert.Equal(20, i.Host.SwitchoverCost.Milliseconds);
    }

    [Fact]
    public void Hybrid_and_postcopy_settings_are_read()
    {
        var s = ScenarioLoader.Parse(Minimal + """

            workload: { kind: uniform, working-set: 64MiB, rate: 1000 pages/s, read-ratio: 0.4 }
            migration:
              policy: hybrid
              postcopy: { page-faults: async, guest-tasks: 6, prepage: 2, preempt: true }
              switch:
                after-iterations: 3
                after-time: 20s
                on-stall: { dirty-fraction: 0.7, iterations: 3 }
            """, "h.yaml");
        var i = s.Input;
        var hybrid = Assert.IsType<HybridSpec>(i.Policy);
        Assert.Equal(0.4, i.Workload.ReadRatio);
        Assert.Equal(new PostcopyParameters { PageFaults = PageFaultMode.Asynchronous, GuestTasks = 6, Prepage = 2, Preempt = true }, i.Postcopy);
        Assert.Equal(3, hybrid.Switch.AfterIterations);
        Assert.Equal(20, hybrid.Switch.AfterTime!.Value.Seconds);
        Assert.Equal(new StallRule(0.7, 3), hybrid.Switch.OnStall);
    }

    [Fact]
    public void Phased_workloads_inherit_the_working_set()
    {
        var s = ScenarioLoader.Parse(Minimal + """

            workload:
              kind: phased
              working-set: 64MiB
              phases:
                - { kind: uniform, duration: 2s, rate: 1000 pages/s }
                - { kind: idle, duration: 500ms }
            """, "p.yaml");
        var p = Assert.IsType<PhasedWorkloadSpec>(s.Input.Workload);
        Assert.Equal(2, p.Phases.Count);
        Assert.Equal(16384, Assert.IsType<UniformWorkloadSpec>(p.Phases[0].Workload).Pages);
        Assert.Equal(500_000_000, p.Phases[1].DurationNanoseconds);
    }

    public static TheoryData<string, string, int, string> BadScenarios => new()
    {
        // yaml, the dotted key the message must name, the line, a phrase it must contain
        { "guest: { memory: 4GiB, memroy: 1 }\nnetwork: { bandwidth: 1Gbit/s }", "guest.memroy", 1, "did you mean 'memory'" },
        { "guest: { page-size: 4KiB }\nnetwork: { bandwidth: 1Gbit/s }", "guest.memory", 1, "required key is missing" },
        { "guest: { memory: 4GiB }", "network", 1, "required key is missing" },
        { "guest: { memory: 0GiB }\nnetwork: { bandwidth: 1Gbit/s }", "guest.memory", 1, "greater than zero" },
        { "guest: { memory: -4GiB }\nnetwork: { bandwidth: 1Gbit/s }", "guest.memory", 1, "negative" },
        { "guest:\n  memory: 4 gigs\nnetwork: { bandwidth: 1Gbit/s }", "guest.memory", 2, "not a size unit" },
        { "guest: { memory: 4GiB }\nnetwork:\n  bandwidth: fast\n", "network.bandwidth", 3, "not a number" },
        { "guest: { memory: 1GiB }\nnetwork: { bandwidth: 1Gbit/s }\nworkload: { kind: uniform, working-set: 2GiB, rate: 10 pages/s }", "workload.working-set", 3, "larger than guest memory" },
        { "guest: { memory: 1GiB }\nnetwork: { bandwidth: 1Gbit/s }\nworkload: { kind: random, working-set: 2GiB }", "workload.kind", 3, "allowed values: hotspot, idle, phased, sequential, uniform, zipf" },
        // A key of another kind is refused with the kinds it belongs to, never ignored.
        { "guest: { memory: 1GiB }\nnetwork: { bandwidth: 1Gbit/s }\nworkload: { kind: uniform, working-set: 64MiB, rate: 10 pages/s, hot-share: 0.9 }", "workload.hot-share", 3, "applies to kind: hotspot only (this workload's kind is uniform)" },
        { "guest: { memory: 1GiB }\nnetwork: { bandwidth: 1Gbit/s }\nworkload: { kind: idle, rate: 10 pages/s }", "workload.rate", 3, "applies to kind: hotspot or sequential or uniform or zipf only" },
        { "guest: { memory: 1GiB }\nnetwork: { bandwidth: 1Gbit/s }\nworkload: { kind: uniform, working-set: 64MiB, rate: 10 pages/s, duration: 5s }", "workload.duration", 3, "applies to the phases of a phased workload only" },
        { "guest: { memory: 1GiB }\nnetwork: { bandwidth: 1Gbit/s }\nworkload:\n  kind: hotspot\n  working-set: 64MiB\n  rate: 10 pages/s\n  hot-fraction: 1\n  hot-share: 0.5", "workload.hot-fraction", 7, "strictly between 0 and 1" },
        { "guest: { memory: 1GiB }\nnetwork: { bandwidth: 1Gbit/s }\nworkload: { kind: zipf, working-set: 64MiB }", "workload.rate", 3, "required key is missing" },
        { "guest: { memory: 1GiB }\nnetwork: { bandwidth: 1Gbit/s }\nworkload:\n  kind: phased\n  working-set: 64MiB\n  phases:\n    - { kind: phased, duration: 1s, phases: [{ kind: idle, duration: 1s }] }", "workload.phases[0].kind", 7, "a phase cannot itself be phased" },
        { "guest: { memory: 1GiB }\nnetwork: { bandwidth: 1Gbit/s }\nworkload:\n  kind: phased\n  phases:\n    - { kind: uniform, duration: 1s, rate: 10 pages/s }", "workload.phases[0].working-set", 6, "required key is missing" },
        { "guest: { memory: 1GiB }\nnetwork: { bandwidth: 1Gbit/s }\nmigration: { type: teleport }", "migration.type", 3, "allowed values: live, online, offline" },
        { "guest: { memory: 1GiB }\nnetwork: { bandwidth: 1Gbit/s }\nmigration: { cpu-throttle-initial: 150 }", "migration.cpu-throttle-initial", 3, "allowed: 1 to 99" },
        { "guest: { memory: 1GiB }\nnetwork: { bandwidth: 0Gbit/s }", "network.bandwidth", 2, "greater than zero" },
        { "guest: { memory: 1GiB }\nnetwork: { bandwidth: 1Gbit/s }\nextra: 1", "extra", 3, "unknown key" },
        { "guest: { memory: 1GiB }\nnetwork: { bandwidth: 1Gbit/s }\nmigration: { type: online, policy: postcopy }", "migration.policy", 3, "needs type: live" },
        { "guest: { memory: 1GiB }\nnetwork: { bandwidth: 1Gbit/s }\nmigration: { type: offline, policy: hybrid, switch: { after-iterations: 1 } }", "migration.policy", 3, "needs type: live" },
        { "guest: { memory: 1GiB }\nnetwork: { bandwidth: 1Gbit/s }\nmigration: { policy: hybrid }", "migration.switch", 3, "required key is missing" },
        { "guest: { memory: 1GiB }\nnetwork: { bandwidth: 1Gbit/s }\nmigration:\n  policy: hybrid\n  switch: { }", "migration.switch", 5, "no trigger" },
        { "guest: { memory: 1GiB }\nnetwork: { bandwidth: 1Gbit/s }\nmigration:\n  switch: { after-iterations: 2 }", "migration.switch", 4, "hybrid only" },
        { "guest: { memory: 1GiB }\nnetwork:\n  bandwidth: 1Gbit/s\n  latency: 0ms\nmigration: { policy: postcopy }", "network.latency", 4, "greater than zero with postcopy" },
        { "guest: { memory: 1GiB }\nnetwork: { bandwidth: -1Gbit/s }\nmigration: { policy: postcopy }", "network.bandwidth", 2, "negative" },
        { "guest: { memory: 1GiB }\nnetwork: { bandwidth: 1Gbit/s }\nmigration:\n  policy: postcopy\n  postcopy: { page-faults: lazy }", "migration.postcopy.page-faults", 5, "allowed values: sync, async" },
    };

    [Theory]
    [MemberData(nameof(BadScenarios))]
    public void Bad_input_names_file_line_and_key(string yaml, string key, int line, string phrase)
    {
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(yaml, "bad.yaml"));
        Assert.Equal(key, e.Key);
        Assert.Equal(line, e.Line);
        Assert.Contains(phrase, e.Message);
        Assert.StartsWith($"bad.yaml:{line}:", e.Message);
    }

    [Fact]
    public void A_yaml_syntax_error_says_where()
    {
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse("guest:\n  memory: 4GiB\n network: [1, 2\n", "syntax.yaml"));
        Assert.Contains("YAML syntax error", e.Message);
        Assert.True(e.Line >= 2, $"line {e.Line}");
        Assert.StartsWith("syntax.yaml:", e.Message);
    }

    [Fact]
    public void A_missing_file_is_reported_with_its_path()
    {
        var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.LoadFile("/nonexistent/x.yaml"));
        Assert.Contains("/nonexistent/x.yaml", e.Message);
    }
}
