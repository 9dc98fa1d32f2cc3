using System.Text.Json;
using MigrationSim.Cli;
using MigrationSim.Qemu.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MigrationSim.Qemu.Tests.RealQemu;

/// <summary>
/// `migsim capture FLEET.yaml` on two real migrations at once through one shaped link, then
/// `migsim validate` on it; afterwards no QEMU and no namespace holder of this process is left,
/// whether the test passed or not (leftovers are reported and killed).
/// </summary>
[Collection(SlowQemuCollection.Name)]
public sealed class FleetCaptureTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("migsim-fleet-capture-test-").FullName;

    private const string Fleet = """
        # Two small guests through one shaped 16 MiB/s link, the second 2 s after the first.
        name: ci-pair
        seed: 5
        network: { topology: shared-link, bandwidth: 16MiB/s }
        hosts:
          - { name: src, memory: 2GiB }
          - { name: dst, memory: 2GiB }
        migration: { max-bandwidth: unlimited, max-time: 90s }
        guests:
          - { name: g1, host: src, guest: { memory: 128MiB }, workload: { kind: uniform, working-set: 16MiB, rate: 500 pages/s } }
          - { name: g2, host: src, guest: { memory: 128MiB }, workload: { kind: uniform, working-set: 16MiB, rate: 500 pages/s } }
        operation:
          kind: plan
          migrations: [{ guest: g1, to: dst }, { guest: g2, to: dst, at: 2s }]
        """;

    /// <summary>Processes this test process started that match <paramref name="cmdline"/>.</summary>
    private static List<int> Children(string cmdline) =>
        Directory.GetDirectories("/proc")
            .Select(d => (Dir: d, Ok: int.TryParse(Path.GetFileName(d), out var pid), Pid: pid))
            .Where(p => p.Ok)
            .Where(p =>
            {
                try
                {
                    return File.ReadAllText(Path.Combine(p.Dir, "cmdline")).Contains(cmdline, StringComparison.Ordinal) &&
                           File.ReadLines(Path.Combine(p.Dir, "status")).Any(l => l == $"PPid:\t{Environment.ProcessId}");
                }
                catch (IOException) { return false; }
            })
            .Select(p => p.Pid)
            .ToList();

    public void Dispose()
    {
        var left = Children("qemu-system").Concat(Children("migsim-netns-")).ToList();
        foreach (int pid in left)
        {
            try { System.Diagnostics.Process.GetProcessById(pid).Kill(entireProcessTree: true); }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException) { }
        }
        Directory.Delete(_out, recursive: true);
        Assert.True(left.Count == 0, $"left running: {string.Join(", ", left)}");
    }

    private (int Exit, string Out, string Err) Migsim(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int exit = MigsimApp.RunAsync(args, new CliConsole(o, e)).GetAwaiter().GetResult();
        output.WriteLine($"migsim {string.Join(' ', args)} -> {exit}\n{o}{e}");
        return (exit, o.ToString(), e.ToString());
    }

    private static string Profile()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MigrationSim.sln"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, "results", "validation", "profile-tcg-qemu7.2.yaml");
    }

    [RootFact]
    public void A_two_migration_fleet_is_captured_and_validated()
    {
        string file = Path.Combine(_out, "ci-pair.yaml");
        File.WriteAllText(file, Fleet);
        string traces = Path.Combine(_out, "traces");

        var capture = Migsim("capture", file, "--out", traces);

        Assert.True(capture.Exit == 0, capture.Err);
        string folder = Path.Combine(traces, "ci-pair");
        Assert.True(File.Exists(Path.Combine(folder, "fleet.yaml")));
        using (var fleet = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "fleet.json"))))
        {
            var m = fleet.RootElement.GetProperty("migrations");
            Assert.Equal(2, m.GetArrayLength());
            Assert.All(m.EnumerateArray(), x => Assert.Equal("completed", x.GetProperty("status").GetString()));
            Assert.InRange(m[1].GetProperty("start-ms").GetDouble() - m[0].GetProperty("start-ms").GetDouble(), 1900, 2700);
        }
        Assert.Empty(Children("qemu-system"));
        Assert.Empty(Children("migsim-netns-"));

        string report = Path.Combine(_out, "validation");
        var validate = Migsim("validate", folder, "--profile", Profile(), "--out", report);
        Assert.True(validate.Exit == 0, validate.Err);
        Assert.Contains("makespan", validate.Out);
        var rows = File.ReadAllLines(Path.Combine(report, "fleet-report.csv"));
        Assert.Equal(3, rows.Length);
        var summary = File.ReadAllText(Path.Combine(report, "fleet-summary.md"));
        Assert.Contains("| ci-pair | shared link 16 MiB/s | 2 |", summary);
        // The two streams shared 16 MiB/s: the simulated makespan is within a third of the real one.
        var error = System.Text.RegularExpressions.Regex.Match(validate.Out, @"ci-pair: makespan .* simulated \(([+-][0-9.]+)%\)");
        Assert.True(error.Success, validate.Out);
        Assert.InRange(double.Parse(error.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), -33, 33);
    }
}
