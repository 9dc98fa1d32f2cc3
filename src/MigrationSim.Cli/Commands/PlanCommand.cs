using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MigrationSim.Cli.Planning;
using MigrationSim.Cli.Plugins;
using MigrationSim.Kernel;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Policies;
using MigrationSim.Model.Results;
using MigrationSim.Reporting.Csv;
using MigrationSim.Model.Text;
using MigrationSim.Scenarios;
using MigrationSim.Scenarios.Units;

namespace MigrationSim.Cli.Commands;

/// <summary>
/// `migsim plan SCENARIO --max-downtime 100ms [--max-total 60s]`: which migration settings meet
/// the SLA for this guest and workload, found by simulating about 200 of them (see
/// <see cref="SlaPlanner"/>); prints the cheapest in bandwidth first, with margins, and writes plan.csv.
/// </summary>
public sealed class PlanCommand
{
    private static readonly Argument<string> Scenario = new("scenario") { Description = "Scenario file (YAML): the guest, workload and network to plan for" };
    private static readonly Option<string> MaxDowntime = new("--max-downtime") { Description = "Longest acceptable guest pause, e.g. 100ms", Required = true };
    private static readonly Option<string?> MaxTotal = new("--max-total") { Description = "Longest acceptable migration, e.g. 60s" };
    private static readonly Option<string?> Out = new("--out", "-o") { Description = "Folder for plan.csv [default: results/plans/<scenario name>]" };
    private static readonly Option<int> Jobs = new("--jobs", "-j") { Description = "Simulations run at the same time", DefaultValueFactory = _ => Environment.ProcessorCount };
    private static readonly Option<string[]> Plugin = PluginOption.Create();
    private static readonly Option<int> Top = new("--top") { Description = "Rows of the printed table", DefaultValueFactory = _ => 15 };

    public static Command Create(CliConsole console)
    {
        var cmd = new Command("plan", "Find migration settings (policy, bandwidth, downtime-limit, auto-converge) that meet a downtime / total-time SLA, by simulation; writes plan.csv.")
        {
            Scenario, MaxDowntime, MaxTotal, Out, Jobs, Plugin, Top,
        };
        cmd.SetAction((parse, ct) => Task.FromResult(Execute(parse, console, ct)));
        return cmd;
    }

    private static int Execute(ParseResult parse, CliConsole console, CancellationToken ct)
    {
        if (PluginOption.Load(parse, Plugin, console) is not { } policies) return ExitCodes.BadInput;
        Scenario scenario;
        try
        {
            scenario = ScenarioLoader.LoadFile(parse.GetValue(Scenario)!, policies);
            scenario.EnsureSimulated();
        }
        catch (ScenarioException e)
        {
            console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        if (UnitParser.ParseDuration(parse.GetValue(MaxDowntime)!, out string err) is not { } downNs || downNs <= 0)
        {
            console.Error.WriteLine($"error: --max-downtime: {(err.Length > 0 ? err : "must be greater than zero")}");
            return ExitCodes.BadInput;
        }
        SimTime? maxTotal = null;
        if (parse.GetValue(MaxTotal) is { } mtText)
        {
            if (UnitParser.ParseDuration(mtText, out err) is not { } totalNs || totalNs <= 0)
            {
                console.Error.WriteLine($"error: --max-total: {(err.Length > 0 ? err : "must be greater than zero")}");
                return ExitCodes.BadInput;
            }
            maxTotal = new SimTime(totalNs);
        }
        int jobs = parse.GetValue(Jobs);
        if (jobs < 1) { console.Error.WriteLine("error: --jobs must be at least 1"); return ExitCodes.BadInput; }
        var maxDowntime = new SimTime(downNs);

        var candidates = SlaPlanner.Candidates(scenario.Input, maxDowntime);
        var clock = Stopwatch.StartNew();
        var outcomes = SlaPlanner.Evaluate(scenario.Input, candidates, maxDowntime, maxTotal, jobs, ct);
        clock.Stop();
        var ranked = SlaPlanner.Ranked(outcomes);
        var rest = outcomes.Except(ranked).OrderBy(o => o.Summary.DowntimeMs ?? double.MaxValue);

        string outDir = parse.GetValue(Out) ?? Path.Combine("results", "plans", scenario.Name);
        string csv = Path.Combine(outDir, "plan.csv");
        try
        {
            Directory.CreateDirectory(outDir);
            using var w = new StreamWriter(csv);
            var rows = ranked.Concat(rest).ToList();
            var columns = PlanTable.Csv.Columns.Select(c => c.Header == "rank"
                ? new CsvColumn<PlanOutcome>("rank", o => o.MeetsSla ? (ranked.ToList().IndexOf(o) + 1).ToString(CultureInfo.InvariantCulture) : "")
                : c).ToList();
            new CsvTable<PlanOutcome>(columns).Write(w, rows);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"error: cannot write {csv}: {e.Message}");
            return ExitCodes.Failure;
        }

        var c = CultureInfo.InvariantCulture;
        console.Out.WriteLine($"plan for {scenario.Name}: downtime <= {Quantity.Milliseconds(maxDowntime.Milliseconds)}" +
                              (maxTotal is { } m ? $", total time <= {Quantity.Milliseconds(m.Milliseconds)}" : "") +
                              $"; {candidates.Count} settings simulated in {clock.Elapsed.TotalSeconds.ToString("0.0", c)} s; {ranked.Count} meet the SLA");
        if (ranked.Count == 0)
        {
            var closest = outcomes.Where(o => o.Summary.Status == MigrationStatus.Completed).MinBy(o => o.Summary.DowntimeMs ?? double.MaxValue);
            console.Out.WriteLine(closest is null
                ? "  no setting completed the migration"
                : $"  none; the shortest downtime was {Quantity.Milliseconds(closest.Summary.DowntimeMs ?? 0)} ({Describe(closest.Candidate)}, total {Quantity.Milliseconds(closest.Summary.TotalTimeMs)})");
        }
        else
        {
            console.Out.WriteLine($"  {"#",3}  {"policy",-28} {"max-bandwidth",13} {"downtime-limit",18} {"auto-conv",9} {"downtime",10} {"margin",10} {"total time",11} {"margin",10}");
            int i = 0;
            // Settings whose knobs made no difference (same policy and bandwidth, same result) print as one row.
            var groups = ranked
                .GroupBy(o => (o.Candidate.Policy.Name, o.Candidate.SwitchLabel, o.Candidate.BandwidthBytesPerSecond, o.Summary.DowntimeMs, o.Summary.TotalTimeMs, o.Summary.Transferred))
                .ToList();
            foreach (var g in groups.Take(parse.GetValue(Top)))
            {
                i++;
                var o = g.First();
                string pol = o.Candidate.SwitchLabel.Length > 0 ? $"{o.Candidate.PolicyLabel} ({o.Candidate.SwitchLabel})" : o.Candidate.PolicyLabel;
                var limits = g.Select(x => x.Candidate.DowntimeLimitLabel).Distinct().ToList();
                var acs = g.Select(x => x.Candidate.AutoConverge).Distinct().ToList();
                string dl = o.Candidate.Policy is PostcopySpec ? "-" : limits.Count > 1 ? string.Join("/", limits) : limits[0];
                string ac = o.Candidate.Policy is PostcopySpec ? "-" : acs.Count > 1 ? "any" : o.Candidate.AutoConverge ? "on" : "off";
                console.Out.WriteLine($"  {i,3}  {pol,-28} {o.Candidate.BandwidthLabel,13} {dl,18} {ac,9} {Quantity.Milliseconds(o.Summary.DowntimeMs ?? 0),10} {Quantity.Milliseconds(o.DowntimeMarginMs),10} " +
                                      $"{Quantity.Milliseconds(o.Summary.TotalTimeMs),11} {(o.TotalMarginMs is { } tm ? Quantity.Milliseconds(tm) : "-"),10}");
            }
            if (groups.Count > parse.GetValue(Top)) console.Out.WriteLine($"  ... {groups.Count - parse.GetValue(Top)} more (rows with the same result merged); every setting is in {csv}");
        }
        console.Out.WriteLine($"  wrote {csv}");
        return ExitCodes.Success;
    }

    private static string Describe(PlanCandidate c) =>
        $"{c.PolicyLabel}{(c.SwitchLabel.Length > 0 ? $" {c.SwitchLabel}" : "")}, {c.BandwidthLabel}, downtime-limit {c.DowntimeLimitLabel}, auto-converge {(c.AutoConverge ? "on" : "off")}";
}
