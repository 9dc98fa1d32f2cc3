using System.Text;
using MigrationSim.Scenarios.Limits;
using MigrationSim.Scenarios.Sweeps;

namespace MigrationSim.Scenarios.Tests;

/// <summary>
/// Issue 12's reproductions, one by one: each is refused with file, line and key (or accepted
/// where it is valid) instead of crashing, hanging or exhausting memory.
/// </summary>
public class HostileInputTests
{
    private const string Valid = "guest: { memory: 4GiB }\nnetwork: { bandwidth: 10Gbit/s }\n";

    private static ScenarioException Refused(string yaml) =>
        Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(yaml, "h.yaml"));

    private static ScenarioException RefusedSweep(string yaml) =>
        Assert.Throws<ScenarioException>(() => SweepExpander.Expand(SweepLoader.Parse(yaml, "s.yaml")));

    public static TheoryData<string, string?, int, string> Scenarios => new()
    {
        // yaml, key (null: about the file), line, phrase
        { "guest: " + new string('[', 100_000), null, 1, "nested more than 64 deep" },
        { "guest: " + string.Concat(Enumerable.Repeat("{a: ", 1000)), null, 1, "nested more than 64 deep" },
        { "x: &r [*r]\n" + Valid, null, 1, "refers to its own anchor" },
        { "x: *nope\n" + Valid, null, 1, "has no anchor" },
        { "x: [&a [l, l, l, l, l, l, l, l, l, l], &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a], &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b], " +
          "&d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c], &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d], &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]]\n" + Valid,
            null, 1, "expands to more than 100,000" },
        { Valid + "---\n" + Valid, null, 3, "a second YAML document" },
        { "guest: { memory: !!binary 4GiB }\nnetwork: { bandwidth: 10Gbit/s }", null, 1, "tag 'tag:yaml.org,2002:binary'" },
        { "guest: { memory: !foo 4GiB }\nnetwork: { bandwidth: 10Gbit/s }", null, 1, "tag '!foo'" },
        { "guest: { memory: 1048576TiB }\nnetwork: { bandwidth: 10Gbit/s }", "guest.memory", 1, "at most 4,294,967,296" },
        { "guest: { memory: 1e18B }\nnetwork: { bandwidth: 10Gbit/s }", "guest.memory", 1, "at most 4,294,967,296" },
        { "guest: { memory: 64TiB }\nnetwork: { bandwidth: 10Gbit/s }", "guest.memory", 1, "at most 4,294,967,296" },
        { "guest: { memory: 2EiB }\nnetwork: { bandwidth: 10Gbit/s }", "guest.memory", 1, "not a size unit" },
        { Valid + "host: { image-footprint: 8GiB }", "host.image-footprint", 3, "larger than guest.memory" },
        { Valid + "workload: { kind: uniform, working-set: 3GiB, rate: 1 pages/s }\nhost: { image-footprint: 2GiB }", "host.image-footprint", 4, "exceed guest.memory" },
        { Valid + "host: { image-footprint-per-gib: 2GiB }", "host.image-footprint-per-gib", 3, "larger than guest.memory" },
        { Valid + "simulation: { sample-interval: 1ns }", "simulation.sample-interval", 3, "at least 1 ms" },
        { Valid + "simulation: { sample-interval: 1us }", "simulation.sample-interval", 3, "at least 1 ms" },
        { Valid + "simulation: { sample-interval: 1ms }", "simulation.sample-interval", 3, "at most 1,000,000" },
        { Valid + "migration: { max-time: 25h }", "migration.max-time", 3, "at most 24 h" },
        { Valid + "workload: { kind: phased, working-set: 1GiB, phases: [{ kind: uniform, duration: 1ns, rate: 5 pages/s }] }", "workload.phases[0].duration", 3, "at least 1 ms" },
        { Valid + "host: { socket-buffer: -1MiB }", "host.socket-buffer", 3, "negative" },
        { Valid + "host: { image-reusable: -1MiB }", "host.image-reusable", 3, "negative" },
        { Valid + "host: { image-density: 0 }", "host.image-density", 3, "out of range; allowed: 0.2 to 1" },
        { Valid + "host: { image-density: 1.5 }", "host.image-density", 3, "out of range; allowed: 0.2 to 1" },
        { Valid + "host: { image-top-share: 0.5 }", "host.image-top-share", 3, "out of range; allowed: 0 to 0.1" },
        { Valid + "host: { background-dirty-rate: -5 pages/s }", "host.background-dirty-rate", 3, "negative" },
        { Valid + "host: { fault-service-time: 1000h }", "host.fault-service-time", 3, "at most 10" },
        { "guest: { memory: 4GiB }\nnetwork: { bandwidth: 10Gbit/s, latency: 1000h }", "network.latency", 2, "at most 10" },
        { Valid + "migration: { max-bandwidth: 1e999MiB/s }", "migration.max-bandwidth", 3, "too large" },
        { Valid + "workload: { kind: uniform, working-set: 1GiB, rate: 1e999 pages/s }", "workload.rate", 3, "too large" },
        { Valid + "workload: { kind: uniform, working-set: 1GiB, rate: 1e12 pages/s }", "workload.rate", 3, "the largest allowed" },
        { Valid + "host: { setup-time: 99999999h }", "host.setup-time", 3, "the largest allowed" },
        { Valid + "workload: { kind: uniform, working-set: 1GiB, rate: 5 pages/s, duration: 5s }", "workload.duration", 3, "phased workload only" },
        { "guest: { memroy: 4GiB }\nnetwork: { bandwidth: 10Gbit/s }", "guest.memroy", 1, "did you mean 'memory'?); allowed keys in guest: memory, page-size, resident" },
        { "guest: { memory: 4GiB }\nnetwrok: { bandwidth: 10Gbit/s }", "netwrok", 2, "did you mean 'network'" },
        { "seed: 18446744073709551616\n" + Valid, "seed", 1, "out of range; allowed: 0 to 18446744073709551615" },
        { "seed: -1\n" + Valid, "seed", 1, "out of range" },
        { "name: ../../x\n" + Valid, "name", 1, "contains '/'" },
        { "name: /tmp/x\n" + Valid, "name", 1, "contains '/'" },
        { "name: ''\n" + Valid, "name", 1, "is empty" },
        { "name: ..\n" + Valid, "name", 1, "outside the results folder" },
        { "name: .hidden\n" + Valid, "name", 1, "starts with '.'" },
        { "guest: { memory: 4GiB }\nnetwork: { bandwidth: 1" + new string('0', 900) + "Gbit/s }", "network.bandwidth", 2, "characters)" },
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Hostile_scenarios_are_refused_naming_line_and_key(string yaml, string? key, int line, string phrase)
    {
        var e = Refused(yaml);
        Assert.Equal(key, e.Key);
        Assert.Equal(line, e.Line);
        Assert.Contains(phrase, e.Message);
        Assert.True(e.Message.Length < 600, $"{e.Message.Length} characters: {e.Message[..Math.Min(200, e.Message.Length)]}");
    }

    [Fact]
    public void Seeds_up_to_2_to_the_64_minus_1_are_read_as_sweeps_write_them()
    {
        Assert.Equal(ulong.MaxValue, ScenarioLoader.Parse("seed: 18446744073709551615\n" + Valid, "h.yaml").Input.Seed);
        Assert.Equal(ulong.MaxValue, SweepLoader.Parse("seed: 18446744073709551615\nbase: { guest: { memory: 1GiB }, network: { bandwidth: 1Gbit/s } }\n", "s.yaml").Seed);
    }

    [Fact]
    public void Core_tags_and_anchors_within_bounds_are_accepted()
    {
        var s = ScenarioLoader.Parse("guest: { memory: !!str 4GiB }\nnetwork: { bandwidth: 10Gbit/s }\n", "h.yaml");
        Assert.Equal(4L << 30, s.Input.Guest.MemoryBytes);
        var phased = ScenarioLoader.Parse(Valid + "workload:\n  kind: phased\n  working-set: 1GiB\n  phases: [&p { kind: uniform, duration: 1ms, rate: 5 pages/s }, *p]\n", "h.yaml");
        Assert.Equal(2, ((Model.Workloads.PhasedWorkloadSpec)phased.Input.Workload).Phases.Count);
    }

    [Fact]
    public void A_value_of_megabytes_is_cut_in_the_message()
    {
        var e = Refused("guest: { memory: 4GiB }\nnetwork: { bandwidth: 10Gbit/s }\nworkload: { kind: " + new string('x', 900_000) + " }");
        Assert.Equal("workload.kind", e.Key);
        Assert.Contains("(900000 characters)", e.Message);
        Assert.True(e.Message.Length < 600);
    }

    public static TheoryData<string, string, string> Sweeps => new()
    {
        // sweep yaml, key, phrase
        { "base: { guest: { memory: 4GiB }, network: { bandwidth: 1Gbit/s } }\naxes:\n  - key: migration.max-bandwidth\n    values: [&r [*r]]", "", "refers to its own anchor" },
        { "base: { guest: { memory: 4GiB }, network: { bandwidth: 1Gbit/s } }\nx0: &a0 [l, l, l, l, l, l, l, l, l, l]\n" +
          string.Concat(Enumerable.Range(1, 9).Select(i => $"x{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]\n")) +
          "axes:\n  - key: migration.max-bandwidth\n    values: [*a9]", "", "expands to more than 100,000" },
        { "base: { guest: { memory: 4GiB }, network: { bandwidth: 1Gbit/s } }\naxes:\n  - key: host.image-footprint\n    values: [0B, 8GiB]", "host.image-footprint", "value '8GiB': the guest image's footprint 8 GiB is larger than guest.memory" },
        { "base: { guest: { memory: 4GiB }, network: { bandwidth: 1Gbit/s } }\nreplications: 1000\naxes:\n  - key: migration.max-iterations\n    range: { from: 2, to: 1000, steps: 999 }", "axes", "more than 100,000 runs" },
        { "base: { guest: { memory: 4GiB }, network: { bandwidth: 1Gbit/s } }\nreplications: 1000000\naxes:\n  - key: migration.max-iterations\n    values: [2]", "replications", "allowed: 1 to 100000" },
        { "base: { guest: { memory: 4GiB }, network: { bandwidth: 1Gbit/s } }\naxes:\n  - key: migration.max-iterations\n    range: { from: 2, to: 4, steps: 10 }", "axes", "points 0 and 1 are the same (migration.max-iterations=2)" },
        { "base: { guest: { memory: 4GiB }, network: { bandwidth: 1Gbit/s } }\naxes:\n  - key: migration.max-bandwidth\n    values: [1GiB/s, 1GiB/s]", "axes", "points 0 and 1 are the same" },
        { "name: ../../x\nbase: { guest: { memory: 4GiB }, network: { bandwidth: 1Gbit/s } }", "name", "contains '/'" },
        { "base: /dev/zero", "base", "larger than 1024 KiB" },
        { "base: { guest: { memory: 4GiB }, network: { bandwidth: 1Gbit/s } }\nset: { [a]: 1 }", "set", "not a dotted scenario key" },
        { "base: { guest: { memory: 4GiB }, network: { bandwidth: 1Gbit/s } }\naxes:\n  - key: workload.rate\n    range: { from: 1e999 pages/s, to: 2 pages/s, steps: 2 }", "axes[0].range", "is not a number" },
        { "bse: { guest: { memory: 4GiB }, network: { bandwidth: 1Gbit/s } }", "bse", "did you mean 'base'" },
    };

    [Theory]
    [MemberData(nameof(Sweeps))]
    public void Hostile_sweeps_are_refused_naming_the_key(string yaml, string key, string phrase)
    {
        var e = RefusedSweep(yaml);
        Assert.Equal(key.Length == 0 ? null : key, e.Key);
        Assert.Contains(phrase, e.Message);
        Assert.StartsWith("s.yaml:", e.Message);
    }

    [Fact]
    public void Files_that_are_not_small_text_files_are_refused_without_reading_them_whole()
    {
        Assert.Contains("is larger than 1024 KiB", Assert.Throws<ScenarioException>(() => ScenarioLoader.LoadFile("/dev/zero")).Message);
        Assert.Contains("is a folder, not a scenario file", Assert.Throws<ScenarioException>(() => ScenarioLoader.LoadFile(Path.GetTempPath())).Message);
        Assert.Contains("the path is empty", Assert.Throws<ScenarioException>(() => ScenarioLoader.LoadFile("")).Message);
        string path = Path.Combine(Path.GetTempPath(), $"migsim-enc-{Guid.NewGuid():N}.yaml");
        try
        {
            File.WriteAllBytes(path, [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(Valid)]);
            Assert.Equal(4L << 30, ScenarioLoader.LoadFile(path).Input.Guest.MemoryBytes);
            File.WriteAllBytes(path, [.. Encoding.UTF8.GetBytes("guest: { memory: 4GiB }\n"), 0xE9, .. Encoding.UTF8.GetBytes("\nnetwork: { bandwidth: 1Gbit/s }\n")]);
            var e = Assert.Throws<ScenarioException>(() => ScenarioLoader.LoadFile(path));
            Assert.Equal(2, e.Line);
            Assert.Contains("not UTF-8 text", e.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void The_whole_input_check_names_the_origin_of_host_constants()
    {
        var input = ScenarioLoader.Parse(Valid, "h.yaml").Input;
        var e = Assert.Throws<ScenarioException>(() => InputLimits.Check(input with { Host = input.Host with { ImageFootprintBytes = 8L << 30 } },
            "h.yaml", origin: "(host constants from --profile p.yaml)"));
        Assert.Equal("host.image-footprint", e.Key);
        Assert.EndsWith("(host constants from --profile p.yaml)", e.Message);
        Assert.Null(InputLimits.Problem(input));
    }
}
