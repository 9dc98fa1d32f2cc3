using MigrationSim.Reporting;
using MigrationSim.Reporting.Csv;

namespace MigrationSim.Cli.Tests;

public class RunCommandTests
{
    public static TheoryData<string> ShippedScenarios()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(RepoPaths.Scenarios, "*.yaml").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(f));
        // the captured feature scenarios (multifd, xbzrle, their controls) run in the simulator too
        foreach (var f in Directory.GetFiles(Path.Combine(RepoPaths.Scenarios, "features"), "*.yaml").Order(StringComparer.Ordinal))
            data.Add(Path.Combine("features", Path.GetFileName(f)));
        return data;
    }

    [Fact]
    public void A_multifd_run_reports_the_bytes_its_channels_carried()
    {
        using var tmp = new TempFolder();
        string outDir = tmp.File("out");
        var (exit, stdout, stderr) = Cli.Run("run", Path.Combine(RepoPaths.Scenarios, "features", "multifd4-p256-uniform5k-64m.yaml"), "--out", outDir);

        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        Assert.Contains("over the channels", stdout);
        var summary = File.ReadAllLines(Path.Combine(outDir, RunOutput.SummaryFile));
        int column = Array.IndexOf(summary[0].Split(','), "multifd-bytes");
        Assert.True(long.Parse(summary[1].Split(',')[column], System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    [Theory]
    [MemberData(nameof(ShippedScenarios))]
    public void Every_shipped_scenario_runs_and_writes_three_csvs_with_their_headers(string scenario)
    {
        using var tmp = new TempFolder();
        string outDir = tmp.File("out");
        var (exit, stdout, stderr) = Cli.Run("run", Path.Combine(RepoPaths.Scenarios, scenario), "--out", outDir);
        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        Assert.Contains("total time", stdout);
        AssertHeader(Path.Combine(outDir, RunOutput.SummaryFile), ResultTables.Summary.Headers, minRows: 1);
        AssertHeader(Path.Combine(outDir, RunOutput.IterationsFile), ResultTables.Iterations.Headers, minRows: 0);
        AssertHeader(Path.Combine(outDir, RunOutput.TimelineFile), ResultTables.Timeline.Headers, minRows: 1);
    }

    private static void AssertHeader(string file, IReadOnlyList<string> headers, int minRows)
    {
        var lines = File.ReadAllLines(file);
        Assert.Equal(string.Join(',', headers), lines[0]);
        Assert.True(lines.Length - 1 >= minRows, $"{file}: {lines.Length - 1} rows");
        Assert.All(lines.Skip(1), l => Assert.Equal(headers.Count, l.Split(',').Length));
    }

    [Fact]
    public void Postcopy_runs_write_faults_csv_and_print_fault_figures()
    {
        using var tmp = new TempFolder();
        var (exit, stdout, stderr) = Cli.Run("run", Path.Combine(RepoPaths.Scenarios, "quickstart-postcopy.yaml"), "--out", tmp.File("p"));
        Assert.True(exit == 0, stderr);
        Assert.Contains("page faults", stdout);
        Assert.Contains("exposure window", stdout);
        var faults = File.ReadAllLines(Path.Combine(tmp.File("p"), RunOutput.FaultsFile));
        Assert.Equal("time-ms,page,latency-ms,joined", faults[0]);
        Assert.True(faults.Length > 1);
        var summary = File.ReadAllLines(Path.Combine(tmp.File("p"), RunOutput.SummaryFile));
        Assert.Contains("postcopy-active", File.ReadAllText(Path.Combine(tmp.File("p"), RunOutput.TimelineFile)));
        Assert.Contains(",immediately,", summary[1]);
    }

    [Fact]
    public void Every_poll_and_every_fault_stream_the_same_rows_a_short_run_keeps_anyway()
    {
        using var tmp = new TempFolder();
        string scenario = Path.Combine(RepoPaths.Scenarios, "quickstart-postcopy.yaml");
        Assert.Equal(0, Cli.Run("run", scenario, "--out", tmp.File("kept"), "-q").Exit);
        Assert.Equal(0, Cli.Run("run", scenario, "--out", tmp.File("streamed"), "-q", "--every-poll", "--every-fault").Exit);
        foreach (var file in new[] { RunOutput.SummaryFile, RunOutput.IterationsFile, RunOutput.TimelineFile, RunOutput.FaultsFile })
            Assert.Equal(File.ReadAllText(Path.Combine(tmp.File("kept"), file)), File.ReadAllText(Path.Combine(tmp.File("streamed"), file)));
    }

    [Fact]
    public void A_long_run_is_thinned_unless_every_poll_is_asked_for_and_the_thinned_rows_are_polls_of_the_full_one()
    {
        using var tmp = new TempFolder();
        // 40 simulated minutes of a migration that never converges: 24,001 polls at 100 ms.
        string scenario = tmp.File("long.yaml");
        File.WriteAllText(scenario, """
            name: long
            guest: { memory: 1GiB }
            workload: { kind: uniform, working-set: 512MiB, rate: 40MiB/s }
            network: { bandwidth: 1Gbit/s }
            migration: { max-bandwidth: 32MiB/s, max-time: 40min }
            """);
        Assert.Equal(0, Cli.Run("run", scenario, "--out", tmp.File("thinned"), "-q").Exit);
        Assert.Equal(0, Cli.Run("run", scenario, "--out", tmp.File("every"), "-q", "--every-poll").Exit);
        var thinned = File.ReadAllLines(Path.Combine(tmp.File("thinned"), RunOutput.TimelineFile));
        var every = File.ReadAllLines(Path.Combine(tmp.File("every"), RunOutput.TimelineFile));
        Assert.Equal(24_001, every.Length - 1);
        Assert.InRange(thinned.Length - 1, 2, MigrationSim.Model.Migration.TimelineOptions.DefaultMaxSamples + 1);
        Assert.Empty(thinned.Except(every));
    }

    [Fact]
    public void Past_65536_faults_faults_csv_is_thinned_and_the_summary_says_one_in_how_many_unless_every_fault_is_asked_for()
    {
        using var tmp = new TempFolder();
        string scenario = tmp.File("faults.yaml");
        File.WriteAllText(scenario, """
            name: many-faults
            guest: { memory: 2GiB }
            workload: { kind: uniform, working-set: 2GiB, rate: 200000 pages/s }
            network: { bandwidth: 10Gbit/s }
            migration:
              policy: postcopy
              max-bandwidth: 64MiB/s
              postcopy: { page-faults: async, guest-tasks: 64, preempt: true }
            """);
        Assert.Equal(0, Cli.Run("run", scenario, "--out", tmp.File("thinned"), "-q").Exit);
        Assert.Equal(0, Cli.Run("run", scenario, "--out", tmp.File("every"), "-q", "--every-fault").Exit);
        (long Faults, int OneIn, int Rows) Read(string dir)
        {
            var summary = File.ReadAllLines(Path.Combine(dir, RunOutput.SummaryFile));
            var headers = summary[0].Split(',').ToList();
            var cells = summary[1].Split(',');
            return (long.Parse(cells[headers.IndexOf("faults")], System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(cells[headers.IndexOf("faults-csv-one-in")], System.Globalization.CultureInfo.InvariantCulture),
                File.ReadAllLines(Path.Combine(dir, RunOutput.FaultsFile)).Length - 1);
        }
        var thinned = Read(tmp.File("thinned"));
        var every = Read(tmp.File("every"));
        Assert.True(thinned.Faults > 65_536, $"{thinned.Faults} faults: the case must pass the cap");
        Assert.Equal(thinned.Faults, every.Faults);
        Assert.Equal(1, every.OneIn);
        Assert.Equal(every.Faults, every.Rows);
        Assert.True(thinned.OneIn > 1);
        Assert.InRange(thinned.Rows, thinned.Faults / thinned.OneIn, thinned.Faults / thinned.OneIn + 1);
    }

    [Fact]
    public void Timeline_columns_carry_query_migrate_names()
    {
        foreach (var name in new[] { "transferred", "remaining", "total", "duplicate", "normal", "dirty-sync-count", "dirty-pages-rate", "mbps", "status", "total-time", "expected-downtime" })
            Assert.Contains(name, ResultTables.Timeline.Headers);
    }

    [Fact]
    public void The_seed_option_overrides_the_scenario_and_changes_a_random_workload()
    {
        using var tmp = new TempFolder();
        string scenario = Path.Combine(RepoPaths.Scenarios, "quickstart.yaml");
        Assert.Equal(0, Cli.Run("run", scenario, "--out", tmp.File("a"), "--seed", "1").Exit);
        Assert.Equal(0, Cli.Run("run", scenario, "--out", tmp.File("b"), "--seed", "2").Exit);
        Assert.Equal(0, Cli.Run("run", scenario, "--out", tmp.File("c"), "--seed", "1").Exit);
        string a = File.ReadAllText(Path.Combine(tmp.File("a"), "summary.csv"));
        Assert.NotEqual(a, File.ReadAllText(Path.Combine(tmp.File("b"), "summary.csv")));
        Assert.Equal(a, File.ReadAllText(Path.Combine(tmp.File("c"), "summary.csv")));
    }

    public static TheoryData<string, string> BadScenarios => new()
    {
        { "guest: { memory: 4GiB, colour: blue }\nnetwork: { bandwidth: 1Gbit/s }", "guest.colour" },
        { "guest: { memory: 4GiB }\n", "network" },
        { "guest: { memory: -1GiB }\nnetwork: { bandwidth: 1Gbit/s }", "guest.memory" },
        { "guest: { memory: 4GiB }\nnetwork: { bandwidth: 10 gigabits }", "network.bandwidth" },
        { "guest: { memory: 1GiB }\nnetwork: { bandwidth: 1Gbit/s }\nworkload: { kind: uniform, working-set: 4GiB, rate: 1 pages/s }", "workload.working-set" },
        { "guest: { memory: 1GiB\nnetwork: [", "YAML syntax error" },
        { "guest: { memory: 1GiB }\nnetwork: { bandwidth: 1Gbit/s }\nmigration: { type: online, policy: postcopy }", "migration.policy" },
        { "guest: { memory: 1GiB }\nnetwork: { bandwidth: 1Gbit/s }\nmigration: { policy: hybrid, switch: {} }", "migration.switch" },
        { "guest: { memory: 1GiB }\nnetwork: { bandwidth: 1Gbit/s, latency: 0s }\nmigration: { policy: postcopy }", "network.latency" },
    };

    [Theory]
    [MemberData(nameof(BadScenarios))]
    public void Bad_scenarios_exit_2_naming_the_key_and_write_nothing(string yaml, string key)
    {
        using var tmp = new TempFolder();
        string file = tmp.File("bad.yaml");
        File.WriteAllText(file, yaml);
        string outDir = tmp.File("out");
        var (exit, stdout, stderr) = Cli.Run("run", file, "--out", outDir);
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains(key, stderr);
        Assert.Contains("bad.yaml:", stderr);
        Assert.False(Directory.Exists(outDir), "output folder was created for a bad scenario");
        Assert.Empty(stdout);
    }

    [Fact]
    public void An_existing_result_survives_a_failed_run()
    {
        using var tmp = new TempFolder();
        string outDir = tmp.File("out");
        Assert.Equal(0, Cli.Run("run", Path.Combine(RepoPaths.Scenarios, "idle-guest.yaml"), "--out", outDir).Exit);
        string before = File.ReadAllText(Path.Combine(outDir, "summary.csv"));
        File.WriteAllText(tmp.File("bad.yaml"), "guest: {}");
        Assert.Equal(ExitCodes.BadInput, Cli.Run("run", tmp.File("bad.yaml"), "--out", outDir).Exit);
        Assert.Equal(before, File.ReadAllText(Path.Combine(outDir, "summary.csv")));
    }

    [Fact]
    public void Unknown_options_and_missing_arguments_exit_2()
    {
        Assert.Equal(ExitCodes.BadInput, Cli.Run("run").Exit);
        Assert.Equal(ExitCodes.BadInput, Cli.Run("run", "x.yaml", "--frobnicate").Exit);
        Assert.Equal(ExitCodes.BadInput, Cli.Run("teleport").Exit);
    }

    [Fact]
    public void Every_command_has_help()
    {
        var (exit, stdout, _) = Cli.Run("--help");
        Assert.Equal(0, exit);
        Assert.Contains("run", stdout);
        var (exitRun, runHelp, _) = Cli.Run("run", "--help");
        Assert.Equal(0, exitRun);
        Assert.Contains("--out", runHelp);
        Assert.Contains("--seed", runHelp);
    }
}
