using MigrationSim.Cli.Tests.Signals;
using MigrationSim.Reporting;

namespace MigrationSim.Cli.Tests;

/// <summary>
/// Issue 12's command-line reproductions: each is refused with exit 2 and nothing written, or
/// replaces its output whole; none crashes.
/// </summary>
public class HostileCommandLineTests
{
    private static string Quickstart => Path.Combine(RepoPaths.Scenarios, "quickstart.yaml");

    private static string Write(TempFolder tmp, string name, string text)
    {
        string path = tmp.File(name);
        File.WriteAllText(path, text);
        return path;
    }

    private static void AssertRefused((int Exit, string Out, string Err) r, string phrase)
    {
        Assert.True(r.Exit == ExitCodes.BadInput, $"exit {r.Exit}: {r.Err}");
        Assert.Contains(phrase, r.Err);
        Assert.DoesNotContain("Unhandled exception", r.Err);
    }

    [Fact]
    public void Run_refuses_an_empty_path_the_root_folder_a_file_and_a_folder_of_the_users_as_out()
    {
        using var tmp = new TempFolder();
        AssertRefused(Cli.Run("run", ""), "the path is empty");
        AssertRefused(Cli.Run("run", Quickstart, "--out", "/"), "is the root folder");
        string file = Write(tmp, "f", "mine");
        AssertRefused(Cli.Run("run", Quickstart, "--out", file), "is a file");
        Write(tmp, "notes.txt", "mine");
        AssertRefused(Cli.Run("run", Quickstart, "--out", tmp.Path), "holds files migsim did not write there (f, notes.txt)");
        Assert.Equal(["f", "notes.txt"], Directory.GetFileSystemEntries(tmp.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_mistyped_option_is_refused_not_taken_as_one_more_path()
    {
        using var tmp = new TempFolder();
        string outDir = tmp.File("v");
        string traces = Path.Combine(RepoPaths.Root, "results", "traces", "qemu-10.0");
        AssertRefused(Cli.Run("validate", traces, "--froce", "--out", outDir), "unknown option '--froce' for 'migsim validate'");
        Assert.False(Directory.Exists(outDir));
        AssertRefused(Cli.Run("merge", tmp.File("all.csv"), "-x"), "unknown option '-x' for 'migsim merge'");
        Assert.False(File.Exists(tmp.File("all.csv")));
    }

    [Fact]
    public void A_precopy_run_after_a_postcopy_run_leaves_no_faults_csv_behind()
    {
        using var tmp = new TempFolder();
        string outDir = tmp.File("r");
        Assert.Equal(0, Cli.Run("run", Path.Combine(RepoPaths.Scenarios, "quickstart-postcopy.yaml"), "--out", outDir).Exit);
        Assert.True(File.Exists(Path.Combine(outDir, RunOutput.FaultsFile)));
        Assert.Equal(0, Cli.Run("run", Quickstart, "--out", outDir).Exit);
        Assert.False(File.Exists(Path.Combine(outDir, RunOutput.FaultsFile)));
    }

    [Fact]
    public void An_image_footprint_larger_than_memory_is_refused_by_run_profile_plan_and_sweep()
    {
        using var tmp = new TempFolder();
        string scenario = Write(tmp, "fp.yaml", File.ReadAllText(Quickstart) + "\nhost: { image-footprint: 8GiB }\n");
        string profile = Write(tmp, "big.yaml", "host: { image-footprint: 8GiB }\n");
        string sweep = Write(tmp, "fp-sweep.yaml", $"base: {Quickstart}\naxes:\n  - key: host.image-footprint\n    values: [0B, 8GiB]\n");
        AssertRefused(Cli.Run("run", scenario, "--out", tmp.File("a")), "fp.yaml:");
        AssertRefused(Cli.Run("run", Quickstart, "--profile", profile, "--out", tmp.File("b")), "host.image-footprint: the guest image's footprint 8 GiB is larger than guest.memory (4 GiB) (host constants from --profile");
        AssertRefused(Cli.Run("plan", scenario, "--max-downtime", "100ms", "--out", tmp.File("c")), "host.image-footprint");
        AssertRefused(Cli.Run("sweep", sweep, "--out", tmp.File("d")), "fp-sweep.yaml:3:10: host.image-footprint: value '8GiB'");
        // ... and --resume cannot be broken by it: the sweep is refused before anything is run or written.
        AssertRefused(Cli.Run("sweep", sweep, "--out", tmp.File("d"), "--resume"), "value '8GiB'");
        Assert.Equal(["big.yaml", "fp-sweep.yaml", "fp.yaml"], Directory.GetFileSystemEntries(tmp.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("run")]
    [InlineData("plan")]
    [InlineData("sweep")]
    public void Names_that_would_escape_the_results_folder_are_refused(string command)
    {
        using var tmp = new TempFolder();
        string file = command == "sweep"
            ? Write(tmp, "s.yaml", $"name: ../../escaped\nbase: {Quickstart}\naxes:\n  - key: workload.rate\n    values: [5000 pages/s]\n")
            : Write(tmp, "s.yaml", File.ReadAllText(Quickstart).Replace("name: quickstart", "name: ../../escaped"));
        string[] args = command == "plan" ? [command, file, "--max-downtime", "100ms"] : [command, file];
        AssertRefused(Cli.Run(args), "name: '../../escaped' contains '/'");
    }

    [Fact]
    public void Plan_refuses_a_negative_top_and_an_endless_max_total()
    {
        AssertRefused(Cli.Run("plan", Quickstart, "--max-downtime", "100ms", "--top", "-1"), "--top must be at least 1");
        AssertRefused(Cli.Run("plan", Quickstart, "--max-downtime", "100ms", "--max-total", "1000h"), "--max-total");
    }

    [Fact]
    public void Validate_refuses_an_existing_file_as_out()
    {
        using var tmp = new TempFolder();
        string file = Write(tmp, "f", "mine");
        AssertRefused(Cli.Run("validate", Path.Combine(RepoPaths.Root, "results", "traces"), "--out", file), "is a file");
        Assert.Equal("mine", File.ReadAllText(file));
    }

    [Fact]
    public void Capture_refuses_a_trace_pattern_that_could_carry_other_trace_options_and_writes_nothing()
    {
        using var tmp = new TempFolder();
        string scenario = Path.Combine(RepoPaths.Scenarios, "reference", "p256-idle-64m.yaml");
        AssertRefused(Cli.Run("capture", scenario, "--out", tmp.File("D"), "--qemu-trace", "ram_load*,file=/tmp/x"),
            "'ram_load*,file=/tmp/x' is not a trace event name or pattern");
        AssertRefused(Cli.Run("capture", scenario, "--out", tmp.File("D"), "--qemu-trace", "vmstate_downtime*", "--qemu-trace", ""),
            "'' is not a trace event name or pattern");
        Assert.False(Directory.Exists(tmp.File("D")));
    }

    [RealQemuFact]
    public void Capture_checks_every_folder_before_capturing_any()
    {
        using var tmp = new TempFolder();
        Directory.CreateDirectory(tmp.File("D/p256-uniform2k-64m"));
        string reference = Path.Combine(RepoPaths.Scenarios, "reference");
        AssertRefused(Cli.Run("capture", Path.Combine(reference, "p256-idle-64m.yaml"), Path.Combine(reference, "p256-uniform2k-64m.yaml"), "--out", tmp.File("D")),
            "nothing was captured");
        Assert.Equal(["p256-uniform2k-64m"], Directory.GetFileSystemEntries(tmp.File("D")).Select(Path.GetFileName));
        AssertRefused(Cli.Run("capture", Path.Combine(reference, "p256-idle-64m.yaml"), Path.Combine(reference, "p256-idle-64m.yaml"), "--out", tmp.File("E")),
            "would capture into the same folder");
    }
}
