namespace MigrationSim.Cli.Tests;

/// <summary>`migsim validate` on copies of committed reference captures, whole and damaged.</summary>
public class ValidateCommandTests
{
    private static string Traces => Path.Combine(RepoPaths.Root, "results", "traces");

    private static string CopyTrace(TempFolder tmp, string name, string? asName = null)
    {
        string src = Path.Combine(Traces, name);
        string dst = tmp.File(Path.Combine("traces", asName ?? name));
        Directory.CreateDirectory(dst);
        foreach (var f in Directory.GetFiles(src)) File.Copy(f, Path.Combine(dst, Path.GetFileName(f)));
        return dst;
    }

    [Fact]
    public void Unusable_traces_are_reported_with_the_reason_and_the_others_still_validated()
    {
        using var tmp = new TempFolder();
        CopyTrace(tmp, "p256-idle-64m-r1");
        CopyTrace(tmp, "p256-idle-64m-r2");
        CopyTrace(tmp, "p256-uniform2k-64m-r1");
        File.Delete(Path.Combine(CopyTrace(tmp, "p256-uniform2k-64m-r2", "missing-summary"), "summary.json"));
        File.WriteAllText(Path.Combine(CopyTrace(tmp, "p256-uniform2k-64m-r2", "corrupt-csv"), "trace.csv"), "elapsed-ms,status\nabc,active\n");
        File.WriteAllText(Path.Combine(CopyTrace(tmp, "p256-uniform2k-64m-r2", "bad-scenario"), "scenario.yaml"), "guest: { memory: 1GiB }\n");

        var (exit, stdout, stderr) = Cli.Run("validate", tmp.File("traces"), "--calibrate", "p256-idle-64m-r1", "--out", tmp.File("v"));
        Assert.True(exit == 0, stderr);
        Assert.Contains("missing-summary", stderr);
        Assert.Contains("summary.json", stderr);
        Assert.Contains("corrupt-csv", stderr);
        Assert.Contains("bad-scenario", stderr);
        Assert.Contains("network", stderr); // the scenario's missing key
        string summary = File.ReadAllText(tmp.File("v/summary.md"));
        Assert.Contains("## Unusable traces", summary);
        var rows = File.ReadAllLines(tmp.File("v/report.csv"));
        Assert.Equal(4, rows.Length); // header + the three usable traces
        Assert.Contains("calibrated on 1 traces", stdout);
        Assert.True(File.Exists(tmp.File("v/profile-tcg-qemu7.2.yaml")));
        Assert.True(File.Exists(tmp.File("v/scatter-total-time-ms.png")));
        Assert.False(File.Exists(tmp.File("v/scatter-postcopy-requests.png"))); // no held-out trace has one: no empty plot

        // --strict turns unusable traces into bad input: exit 2, nothing written
        Assert.Equal(ExitCodes.BadInput, Cli.Run("validate", tmp.File("traces"), "--calibrate", "p256-idle-64m-r1", "--out", tmp.File("v2"), "--strict").Exit);
        Assert.False(Path.Exists(tmp.File("v2")));
    }

    [Fact]
    public void No_usable_trace_and_bad_options_are_bad_input_and_write_nothing()
    {
        using var tmp = new TempFolder();
        string t = CopyTrace(tmp, "p256-idle-64m-r1");
        File.Delete(Path.Combine(t, "trace.csv"));
        Assert.Equal(ExitCodes.BadInput, Cli.Run("validate", t, "--out", tmp.File("v")).Exit);
        Assert.False(Path.Exists(tmp.File("v")));

        using var ok = new TempFolder();
        CopyTrace(ok, "p256-idle-64m-r1");
        CopyTrace(ok, "p256-idle-64m-r2");
        Assert.Equal(ExitCodes.BadInput, Cli.Run("validate", ok.File("traces"), "--calibrate", "nothing-*", "--out", ok.File("v")).Exit);
        Assert.Equal(ExitCodes.BadInput, Cli.Run("validate", ok.File("traces"), "--calibrate", "*", "--out", ok.File("v")).Exit);
        Assert.Equal(ExitCodes.BadInput, Cli.Run("validate", ok.File("traces"), "--calibrate", "*r1", "--profile", "x.yaml").Exit);
    }

    [Fact]
    public void Without_options_the_calibration_subset_beside_the_traces_is_used_and_plain_files_are_skipped()
    {
        using var tmp = new TempFolder();
        CopyTrace(tmp, "p256-idle-64m-r1");
        CopyTrace(tmp, "p256-idle-64m-r2");
        File.WriteAllText(tmp.File("traces/calibration.txt"), "p256-idle-64m-r1\n");
        File.WriteAllText(tmp.File("traces/README.md"), "# notes");
        var (exit, stdout, stderr) = Cli.Run(["validate", .. Directory.GetFileSystemEntries(tmp.File("traces")), "--out", tmp.File("v")]);
        Assert.True(exit == 0, stderr);
        Assert.Contains("calibration subset from", stdout);
        Assert.Contains("calibrated on 1 traces", stdout);
        Assert.Contains("README.md: a file, not a capture folder", stdout);
        Assert.DoesNotContain("unusable", stderr);
    }

    [Fact]
    public void A_written_profile_is_read_back_by_run_and_validate()
    {
        using var tmp = new TempFolder();
        CopyTrace(tmp, "p256-idle-64m-r1");
        CopyTrace(tmp, "p256-idle-64m-r2");
        Assert.Equal(0, Cli.Run("validate", tmp.File("traces"), "--calibrate", "*-r1", "--out", tmp.File("v")).Exit);
        string profile = tmp.File("v/profile-tcg-qemu7.2.yaml");
        var (exit, stdout, stderr) = Cli.Run("run", Path.Combine(RepoPaths.Scenarios, "reference", "p256-idle-64m.yaml"), "--profile", profile, "--out", tmp.File("r"));
        Assert.True(exit == 0, stderr);
        Assert.Contains("total time", stdout);
        Assert.Equal(0, Cli.Run("validate", tmp.File("traces"), "--profile", profile, "--out", tmp.File("v3")).Exit);
    }
}
