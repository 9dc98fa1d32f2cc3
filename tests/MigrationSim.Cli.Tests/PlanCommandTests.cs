using System.Globalization;

namespace MigrationSim.Cli.Tests;

public class PlanCommandTests
{
    /// <summary>
    /// An idle guest: nothing is re-dirtied, so every policy moves the 512 MiB of resident pages once
    /// (plus 9 bytes per zero page) and the downtime is the switchover cost. The total time is
    /// therefore about 512 MiB / bandwidth: 8 s at 64 MiB/s, 16 s at 32 MiB/s. With max-total 10 s
    /// the cheapest rung of the ladder that meets the SLA is 64 MiB/s, and nothing below it does.
    /// </summary>
    private const string IdleGuest = """
        name: plan-idle
        guest: { memory: 1GiB, resident: 512MiB }
        workload: { kind: idle }
        network: { bandwidth: 10Gbit/s, latency: 100us }
        """;

    /// <summary>A 512 MiB guest writing 15k pages/s (59 MiB/s) over 128 MiB, half its accesses reads.</summary>
    private const string Writer = """
        name: plan-writer
        guest: { memory: 512MiB, resident: 64MiB }
        workload: { kind: uniform, working-set: 128MiB, rate: 15k pages/s, read-ratio: 0.5 }
        network: { bandwidth: 10Gbit/s, latency: 100us }
        migration: { max-time: 1min }
        """;

    private static List<Dictionary<string, string>> Rows(string csv)
    {
        var lines = File.ReadAllLines(csv);
        var header = lines[0].Split(',');
        return lines.Skip(1).Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second)).ToList();
    }

    [Fact]
    public void Plan_finds_the_cheapest_bandwidth_an_idle_guest_needs()
    {
        using var tmp = new TempFolder();
        File.WriteAllText(tmp.File("idle.yaml"), IdleGuest);
        var (exit, stdout, stderr) = Cli.Run("plan", tmp.File("idle.yaml"), "--max-downtime", "100ms", "--max-total", "10s", "--replications", "1", "--out", tmp.File("plan"));
        Assert.True(exit == 0, stderr);
        var rows = Rows(Path.Combine(tmp.File("plan"), "plan.csv"));
        Assert.True(rows.Count is > 50 and <= 400, $"{rows.Count} settings");
        var first = rows[0];
        Assert.Equal(("1", "true", "64MiB/s"), (first["rank"], first["accepted"], first["max-bandwidth"]));
        Assert.InRange(double.Parse(first["worst-total-time-ms"], CultureInfo.InvariantCulture), 8000 * 0.98, 8000 * 1.05);
        Assert.True(double.Parse(first["worst-downtime-ms"], CultureInfo.InvariantCulture) < 20, first["worst-downtime-ms"]);
        Assert.DoesNotContain(rows, r => r["accepted"] == "true" && r["max-bandwidth"] is "16MiB/s" or "32MiB/s");
        Assert.Contains(rows, r => r["accepted"] == "false" && r["max-bandwidth"] == "32MiB/s" && r["main-violation"] == "total time");
        Assert.Contains("1 replication =", stdout);
        Assert.Contains("\"max-bandwidth\":67108864", stdout);
        Assert.Contains("virsh migrate --live", stdout);
    }

    [Fact]
    public void Constraints_shape_the_answer_and_every_row_shows_every_cost()
    {
        using var tmp = new TempFolder();
        File.WriteAllText(tmp.File("w.yaml"), Writer);
        var (exit, stdout, stderr) = Cli.Run("plan", tmp.File("w.yaml"), "--max-downtime", "100ms", "--max-total", "30s", "--policies", "precopy,hybrid",
            "--min-guest-progress", "90%", "--max-exposure", "1s", "--max-bandwidth", "512MiB/s", "--replications", "2", "--out", tmp.File("plan"));
        Assert.True(exit == 0, stderr);
        Assert.Contains("guest progress >= 0.9, exposure window <= 1.00 s, policies precopy, hybrid, bandwidth <= 512.0 MiB/s", stdout);
        var rows = Rows(Path.Combine(tmp.File("plan"), "plan.csv"));
        Assert.DoesNotContain(rows, r => r["policy"] == "postcopy");
        Assert.DoesNotContain(rows, r => r["max-bandwidth"] is "1GiB/s" or "10Gbit/s");
        Assert.All(rows, r => Assert.Equal("2", r["runs"]));
        var ranked = rows.Where(r => r["rank"].Length > 0).ToList();
        Assert.NotEmpty(ranked);
        Assert.All(ranked, r => Assert.True(double.Parse(r["worst-guest-progress"], CultureInfo.InvariantCulture) >= 0.9, r["worst-guest-progress"]));
        Assert.All(ranked, r => Assert.True(double.Parse(r["worst-exposure-window-ms"], CultureInfo.InvariantCulture) <= 1000));
        Assert.Equal(ranked.Count, ranked.Select(r => (r["policy"], r["switch"], r["max-bandwidth"])).Distinct().Count());
        foreach (string column in new[] { "worst-downtime-ms", "worst-total-time-ms", "worst-guest-progress", "worst-vcpu-blocked-ms", "worst-exposure-window-ms", "max-transferred" })
            Assert.All(ranked, r => Assert.NotEqual("", r[column]));
    }

    [Fact]
    public void A_measured_dirty_rate_replaces_the_scenario_rate()
    {
        using var tmp = new TempFolder();
        File.WriteAllText(tmp.File("w.yaml"), Writer);
        File.WriteAllText(tmp.File("dr.txt"), "Domain: 'w'\n  dirtyrate.calc_status=2\n  dirtyrate.calc_period=1\n  dirtyrate.megabytes_per_second=16\n");
        var (exit, stdout, stderr) = Cli.Run("plan", tmp.File("w.yaml"), "--max-downtime", "100ms", "--dirty-rate", tmp.File("dr.txt"), "--replications", "1",
            "--rate-range", "2k..8k pages/s", "--out", tmp.File("plan"));
        Assert.True(exit == 0, stderr);
        // 16 MiB/s = 4096 distinct pages/s of 32768: r = -32768 ln(1 - 1/8) = 4376 pages/s.
        Assert.Contains("virsh domstats --dirtyrate: 16 MiB/s of distinct pages over 1 s (page-sampling) -> uniform writer at 4376 pages/s over 128 MiB", stdout);
        Assert.Contains("x 1 replication x 3 dirty rates =", stdout);
        Assert.All(Rows(Path.Combine(tmp.File("plan"), "plan.csv")), r => Assert.Equal("3", r["runs"]));
    }

    [Theory]
    [InlineData("--max-downtime", "fast")]
    [InlineData("--max-total", "0s")]
    [InlineData("--policies", "precopy,postcpy")]
    [InlineData("--rank", "cheapest")]
    [InlineData("--min-guest-progress", "1.5")]
    [InlineData("--rate-range", "40k..10k pages/s")]
    [InlineData("--dirty-rate", "missing.json")]
    public void A_bad_option_is_bad_input_and_writes_nothing(string option, string value)
    {
        using var tmp = new TempFolder();
        File.WriteAllText(tmp.File("idle.yaml"), IdleGuest);
        var args = new List<string> { "plan", tmp.File("idle.yaml"), "--out", tmp.File("p") };
        if (option != "--max-downtime") args.AddRange(["--max-downtime", "100ms"]);
        args.AddRange([option, value]);
        var (exit, _, stderr) = Cli.Run(args.ToArray());
        Assert.Equal(2, exit);
        Assert.Contains(option, stderr);
        Assert.False(Directory.Exists(tmp.File("p")));
    }
}
