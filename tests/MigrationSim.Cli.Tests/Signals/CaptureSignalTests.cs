using System.Globalization;

namespace MigrationSim.Cli.Tests.Signals;

/// <summary>
/// Ctrl-C and kill -9 of `migsim capture` mid-migration: no qemu-system-x86_64 survives (the
/// parent-death signal reaches QEMU even when migsim gets no chance to act), earlier captures are
/// intact, and no staging or temporary folder stays behind. Needs QEMU; skipped without it except
/// under CI=true, where a missing QEMU fails.
/// </summary>
[Collection(RealQemuCollection.Name)]
public class CaptureSignalTests
{
    private static string Scenario => Path.Combine(RepoPaths.Scenarios, "reference", "p256-uniform10k-32m-noconv.yaml");

    /// <summary>The pids of the QEMU processes migsim started (children of the migsim process).</summary>
    private static int[] QemuChildren(int parent) =>
        Directory.GetDirectories("/proc").Select(Path.GetFileName).Where(n => n!.All(char.IsDigit)).Select(n => int.Parse(n!, CultureInfo.InvariantCulture))
            .Where(pid => Field(pid, "PPid:") == parent.ToString(CultureInfo.InvariantCulture) && Comm(pid).StartsWith("qemu", StringComparison.Ordinal)).ToArray();

    private static string Comm(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/comm").Trim(); }
        catch (IOException) { return ""; }
    }

    private static string? Field(int pid, string name)
    {
        try { return File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal))?[name.Length..].Trim(); }
        catch (IOException) { return null; }
    }

    /// <summary>A QEMU is running while its pid exists, is still a qemu, and is not a zombie awaiting its reaper.</summary>
    private static bool Running(int pid) => Comm(pid).StartsWith("qemu", StringComparison.Ordinal) && Field(pid, "State:")?.StartsWith('Z') == false;

    /// <summary>Whether every QEMU stopped within the time; survivors are then killed, so a failing test leaves none running.</summary>
    private static bool AllStop(int[] pids, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        while (DateTime.UtcNow < until && pids.Any(Running)) Thread.Sleep(100);
        var survivors = pids.Where(Running).ToList();
        foreach (int pid in survivors)
        {
            try { using var q = System.Diagnostics.Process.GetProcessById(pid); q.Kill(); }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException) { }
        }
        return survivors.Count == 0;
    }

    private static (RunningMigsim Process, int[] Qemus) CaptureUntilMigrating(TempFolder tmp)
    {
        // An earlier capture in the same folder must come through untouched.
        Directory.CreateDirectory(tmp.File("D/earlier"));
        File.WriteAllText(tmp.File("D/earlier/summary.json"), "{}");
        var p = new RunningMigsim(tmp.Path, "capture", Scenario, "--out", tmp.File("D"));
        try
        {
            Assert.True(p.WaitForOutput("migrating", TimeSpan.FromMinutes(3)), $"no migration started: {p.Out} {p.Err}");
            var qemus = QemuChildren(p.Pid);
            Assert.Equal(2, qemus.Length);
            return (p, qemus);
        }
        catch
        {
            p.Dispose(); // kills migsim and its QEMUs
            throw;
        }
    }

    private static void AssertNothingLeft(TempFolder tmp, int pid)
    {
        Assert.Equal(["earlier"], Directory.GetFileSystemEntries(tmp.File("D")).Select(Path.GetFileName));
        Assert.Equal("{}", File.ReadAllText(tmp.File("D/earlier/summary.json")));
        Assert.Empty(Directory.GetDirectories(Path.GetTempPath(), $"migsim-*-{pid}-*"));
    }

    [RealQemuFact]
    public void Sigint_stops_the_capture_and_its_qemus_and_says_what_was_kept()
    {
        using var tmp = new TempFolder();
        var (p, qemus) = CaptureUntilMigrating(tmp);
        using (p)
        {
            p.Signal(2);
            Assert.Equal(ExitCodes.Cancelled, p.WaitForExit(TimeSpan.FromSeconds(30)));
            Assert.Contains("interrupted: the capture in progress", p.Err);
            Assert.Contains("--skip-existing", p.Err);
            Assert.True(AllStop(qemus, TimeSpan.FromSeconds(5)), "a QEMU survived Ctrl-C");
            AssertNothingLeft(tmp, p.Pid);
        }
    }

    [RealQemuFact]
    public void Sigkill_takes_the_qemus_with_it_and_the_next_capture_removes_the_temporary_folder()
    {
        using var tmp = new TempFolder();
        var (p, qemus) = CaptureUntilMigrating(tmp);
        using (p)
        {
            p.Signal(9);
            p.WaitForExit(TimeSpan.FromSeconds(10));
            Assert.True(AllStop(qemus, TimeSpan.FromSeconds(5)), "a QEMU survived kill -9 of migsim");
            Assert.NotEmpty(Directory.GetDirectories(Path.GetTempPath(), $"migsim-run-{p.Pid}-*"));
            // A capture that refuses up front does not reach the work folders; one that starts does.
            using var next = new RunningMigsim(tmp.Path, "capture", Path.Combine(RepoPaths.Scenarios, "reference", "p256-idle-64m.yaml"), "--out", tmp.File("E"));
            Assert.Equal(0, next.WaitForExit(TimeSpan.FromMinutes(3)));
            Directory.Delete(tmp.File("E"), recursive: true);
            AssertNothingLeft(tmp, p.Pid);
        }
    }
}
