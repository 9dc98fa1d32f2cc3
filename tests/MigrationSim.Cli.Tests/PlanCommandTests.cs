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

    [Fact]
    public void Plan_finds_the_cheapest_bandwidth_an_idle_guest_needs()
    {
        using var tmp = new TempFolder();
        File.WriteAllText(tmp.File("idle.yaml"), IdleGuest);
        var (exit, stdout, stderr) = Cli.Run("plan", tmp.File("idle.yaml"), "--max-downtime", "100ms", "--max-total", "10s", "--out", tmp.File("plan"));
        Assert.True(exit == 0, stderr);
        var lines = File.ReadAllLines(Path.Combine(tmp.File("plan"), "plan.csv"));
        var header = lines[0].Split(',');
        int meets = Array.IndexOf(header, "meets-sla"), bw = Array.IndexOf(header, "max-bandwidth"), total = Array.IndexOf(header, "total-time-ms"),
            down = Array.IndexOf(header, "downtime-ms"), rank = Array.IndexOf(header, "rank"), margin = Array.IndexOf(header, "total-margin-ms");
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.True(rows.Count is > 50 and <= 400, $"{rows.Count} settings");
        var first = rows[0];
        Assert.Equal("1", first[rank]);
        Assert.Equal("true", first[meets]);
        Assert.Equal("64MiB/s", first[bw]);
        double t = double.Parse(first[total], CultureInfo.InvariantCulture);
        Assert.InRange(t, 8000 * 0.98, 8000 * 1.05);
        Assert.Equal(10_000 - t, double.Parse(first[margin], CultureInfo.InvariantCulture), 3);
        Assert.True(double.Parse(first[down], CultureInfo.InvariantCulture) < 20, first[down]);
        Assert.DoesNotContain(rows, r => r[meets] == "true" && r[bw] is "16MiB/s" or "32MiB/s");
        Assert.Contains(rows, r => r[meets] == "false" && r[bw] == "32MiB/s");
        Assert.Contains("64MiB/s", stdout);
    }

    [Fact]
    public void A_bad_sla_is_bad_input()
    {
        using var tmp = new TempFolder();
        File.WriteAllText(tmp.File("idle.yaml"), IdleGuest);
        Assert.Equal(2, Cli.Run("plan", tmp.File("idle.yaml"), "--max-downtime", "fast", "--out", tmp.File("p")).Exit);
        Assert.Equal(2, Cli.Run("plan", tmp.File("idle.yaml"), "--max-downtime", "100ms", "--max-total", "0s", "--out", tmp.File("p")).Exit);
        Assert.False(Directory.Exists(tmp.File("p")));
    }
}
