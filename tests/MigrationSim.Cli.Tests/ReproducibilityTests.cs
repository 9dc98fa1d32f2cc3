namespace MigrationSim.Cli.Tests;

/// <summary>
/// Same input, same bytes, across processes: two separate migsim processes (fresh runtimes, their
/// own hash seeds and thread timings) write identical files. A dependence on anything but the
/// scenario and its seed (iteration order of a hash set, the clock, a shared random source, the
/// order parallel runs finish in) shows up here.
/// </summary>
public class ReproducibilityTests
{
    [Fact]
    public void Two_processes_running_a_shipped_scenario_write_the_same_bytes()
    {
        using var tmp = new TempFolder();
        // Postcopy with async faults: the random fault stream and the request bookkeeping are exercised.
        string scenario = Path.Combine(RepoPaths.Scenarios, "web-hotspot-postcopy-async.yaml");
        var runs = new[] { "a", "b" }.Select(n => (Dir: tmp.File(n), Result: MigsimProcess.Run(null, "run", scenario, "--out", tmp.File(n)))).ToList();
        foreach (var (_, r) in runs) Assert.True(r.Exit == 0, r.Err);
        Assert.Equal(runs[0].Result.Out.Replace(runs[0].Dir, "OUT"), runs[1].Result.Out.Replace(runs[1].Dir, "OUT"));
        AssertSameFiles(runs[0].Dir, runs[1].Dir, expected: ["faults.csv", "iterations.csv", "summary.csv", "timeline.csv"]);
    }

    [Fact]
    public void Two_processes_running_a_parallel_sweep_write_the_same_bytes()
    {
        using var tmp = new TempFolder();
        string sweep = SweepCommandTests.Write(tmp, SweepCommandTests.Sweep);
        foreach (var (n, jobs) in new[] { ("a", "2"), ("b", "3") })
        {
            var r = MigsimProcess.Run(null, "sweep", sweep, "--out", tmp.File(n), "--jobs", jobs);
            Assert.True(r.Exit == 0, r.Err);
        }
        AssertSameFiles(tmp.File("a"), tmp.File("b"), expected: ["results.csv"]);
        AssertSameFiles(Path.Combine(tmp.File("a"), "figures"), Path.Combine(tmp.File("b"), "figures"), expected: []);
    }

    private static void AssertSameFiles(string a, string b, IReadOnlyList<string> expected)
    {
        var names = Directory.GetFiles(a).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(names, Directory.GetFiles(b).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (string e in expected) Assert.Contains(e, names);
        Assert.NotEmpty(names);
        foreach (string n in names!)
            Assert.True(File.ReadAllBytes(Path.Combine(a, n!)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(b, n!))), $"{n} differs between the two processes");
    }
}
