using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MigrationSim.Analysis.DirtyRate;
using MigrationSim.Analysis.Planning;
using MigrationSim.Cli.Interrupts;
using MigrationSim.Cli.Plugins;
using MigrationSim.Kernel;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Policies;
using MigrationSim.Reporting.Planning;
using MigrationSim.Reporting.Staging;
using MigrationSim.Scenarios;
using MigrationSim.Scenarios.Limits;
using MigrationSim.Scenarios.Units;

namespace MigrationSim.Cli.Commands;

/// <summary>
/// `migsim plan SCENARIO --max-downtime 100ms [constraints]`: parses the question, hands it to
/// <see cref="SlaPlanner"/> and prints <see cref="PlanText"/>; writes plan.csv.
/// </summary>
public sealed class PlanCommand
{
    private static readonly Argument<string> Scenario = new("scenario") { Description = "Scenario file (YAML): the guest, workload and network to plan for" };
    private static readonly Option<string> MaxDowntime = new("--max-downtime") { Description = "Longest acceptable guest pause, e.g. 100ms", Required = true };
    private static readonly Option<string?> MaxTotal = new("--max-total") { Description = "Longest acceptable migration, e.g. 60s" };
    private static readonly Option<string?> MinProgress = new("--min-guest-progress") { Description = "Least guest work done during the migration, as a fraction of undisturbed work (throttling, pauses and postcopy stalls lose work), e.g. 0.9 or 90%" };
    private static readonly Option<string?> MaxExposure = new("--max-exposure") { Description = "Longest postcopy window in which losing either host loses the guest, e.g. 5s (0 forbids postcopy's risk)" };
    private static readonly Option<string?> Policies = new("--policies") { Description = "Policies allowed, comma-separated: precopy, postcopy, hybrid, and the scenario's own policy when it comes from a --plugin [default: all of them]" };
    private static readonly Option<string[]> Plugin = PluginOption.Create();
    private static readonly Option<string?> MaxBandwidth = new("--max-bandwidth") { Description = "Largest bandwidth cap the migration may take, e.g. 256MiB/s [default: the link speed]" };
    private static readonly Option<string> Rank = new("--rank") { Description = "Order of the accepted settings: bandwidth, total-time, downtime, progress-lost (each on the worst run)", DefaultValueFactory = _ => "bandwidth" };
    private static readonly Option<int> Replications = new("--replications", "-r") { Description = "Runs per setting (and per dirty rate), each with its own seed", DefaultValueFactory = _ => 3 };
    private static readonly Option<string?> MinShare = new("--min-share") { Description = "Share of a setting's runs that must meet the SLA, e.g. 95% [default: 100%]" };
    private static readonly Option<string?> DirtyRate = new("--dirty-rate") { Description = "The guest's measured dirty rate, replacing the scenario's write rate: a QMP query-dirty-rate reply or transcript (JSON), or 'virsh domstats --dirtyrate' output; 'migsim dirty-rate' measures one" };
    private static readonly Option<string?> RateRange = new("--rate-range") { Description = "Also plan for the guest at other write rates: FROM..TO, e.g. 10k..40k pages/s or 40MiB/s..160MiB/s (runs at FROM, the middle and TO)" };
    private static readonly Option<string?> Out = new("--out", "-o") { Description = "Folder for plan.csv [default: results/plans/<scenario name>]" };
    private static readonly Option<int> Jobs = new("--jobs", "-j") { Description = "Simulations run at the same time", DefaultValueFactory = _ => Environment.ProcessorCount };
    private static readonly Option<int> Top = new("--top") { Description = "Rows of the printed table", DefaultValueFactory = _ => 10 };

    public static Command Create(CliConsole console)
    {
        var cmd = new Command("plan", "Find migration settings (policy, bandwidth, downtime-limit, auto-converge) that meet an SLA, by simulating each over replications; prints the ranked settings with every cost and the QMP/virsh commands that apply the first; writes plan.csv.")
        {
            Scenario, MaxDowntime, MaxTotal, MinProgress, MaxExposure, Policies, MaxBandwidth, Rank, Replications, MinShare, DirtyRate, RateRange, Out, Jobs, Plugin, Top,
        };
        CommandHelp.Examples(cmd,
            "migsim plan scenarios/memory-heavy-sequential.yaml --max-downtime 100ms --max-total 60s",
            "migsim plan scenarios/memory-heavy-sequential.yaml --max-downtime 100ms --max-total 90s --policies precopy,hybrid --min-guest-progress 0.8",
            "migsim plan scenarios/quickstart.yaml --max-downtime 50ms --dirty-rate dirty-rate.json --rank total-time");
        cmd.SetAction((parse, ct) => Task.FromResult(Execute(parse, console, ct)));
        return cmd;
    }

    private static int Execute(ParseResult parse, CliConsole console, CancellationToken ct)
    {
        if (PluginOption.Load(parse, Plugin, console) is not { } registry) return ExitCodes.BadInput;
        Scenario scenario;
        try
        {
            scenario = ScenarioLoader.LoadFile(parse.GetValue(Scenario)!, registry);
            scenario.EnsureSimulated();
        }
        catch (ScenarioException e)
        {
            console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        int Bad(string message) { console.Error.WriteLine($"error: {message}"); return ExitCodes.BadInput; }

        SimTime? Duration(Option<string?> option, bool allowZero)
        {
            if (parse.GetValue(option) is not { } text) return null;
            if (UnitParser.ParseDuration(text, out string e) is not { } ns || ns < 0 || (ns == 0 && !allowZero))
                throw new ArgumentException($"{option.Name} {text}: {(e.Length > 0 ? e : "must be greater than zero")}");
            return new SimTime(ns);
        }
        PlanConstraints constraints;
        PlanRanking ranking;
        List<PlanWorkload> workloads;
        var notes = new List<string>();
        try
        {
            var maxDowntime = Duration(MaxDowntime!, false)!.Value;
            // A policy from a plug-in named by the scenario is planned beside QEMU's.
            string? own = PolicyRegistry.BuiltIn.TryGet(scenario.Input.Policy.Name, out _) ? null : scenario.Input.Policy.Name;
            var policies = parse.GetValue(Policies) is { } p ? ParsePolicies(p, own) : null;
            double? maxBw = null;
            if (parse.GetValue(MaxBandwidth) is { } bwText)
                maxBw = UnitParser.ParseRate(bwText, out string e) is { } bw && bw > 0 ? bw : throw new ArgumentException($"--max-bandwidth {bwText}: {(e.Length > 0 ? e : "must be greater than zero")}");
            constraints = new PlanConstraints
            {
                MaxDowntime = maxDowntime,
                MaxTotal = Duration(MaxTotal, false),
                MaxExposure = Duration(MaxExposure, true),
                MinGuestProgress = parse.GetValue(MinProgress) is { } g ? Fraction("--min-guest-progress", g, allowZero: true) : null,
                MinShare = parse.GetValue(MinShare) is { } s ? Fraction("--min-share", s, allowZero: false) : 1,
                Policies = policies ?? [PlanPolicy.Precopy, PlanPolicy.Postcopy, PlanPolicy.Hybrid, .. own is null ? Array.Empty<PlanPolicy>() : [PlanPolicy.Scenario]],
                MaxBandwidthBytesPerSecond = maxBw,
            };
            ranking = ParseRanking(parse.GetValue(Rank)!);
            if (parse.GetValue(Replications) < 1) throw new ArgumentException($"--replications {parse.GetValue(Replications)}: must be at least 1");
            if (parse.GetValue(Jobs) < 1) throw new ArgumentException($"--jobs {parse.GetValue(Jobs)}: must be at least 1");
            if (parse.GetValue(Top) < 1) throw new ArgumentException($"--top must be at least 1 (got {parse.GetValue(Top)})");
            if (constraints.MaxTotal is { } mt && mt >= InputLimits.MaxMigrationTime)
                throw new ArgumentException($"--max-total: must be less than {InputLimits.MaxMigrationTime.Seconds / 3600:0} h");
            workloads = Workloads(scenario, parse.GetValue(DirtyRate), parse.GetValue(RateRange), notes);
        }
        catch (ArgumentException e) { return Bad(e.Message); }
        catch (DirtyRateFormatException e) { return Bad($"--dirty-rate: {e.Message}"); }

        string outDir = parse.GetValue(Out) ?? Path.Combine("results", "plans", scenario.Name);
        string csv = Path.Combine(outDir, PlanTable.FileName);
        if (string.IsNullOrWhiteSpace(outDir) || File.Exists(outDir) || Directory.Exists(csv))
            return Bad($"--out: '{outDir}' {(Directory.Exists(csv) ? $"holds a folder named {PlanTable.FileName}" : File.Exists(outDir) ? "is a file" : "is empty")}; give a folder for {PlanTable.FileName}");
        int jobs = parse.GetValue(Jobs);
        var longest = constraints.MaxTotal is { } total ? new SimTime(total.Nanoseconds + SimTime.NanosecondsPerSecond) : SlaPlanner.DefaultHorizon;
        int fitting = InputLimits.JobsWithinBudget(jobs, InputLimits.EstimatedPeakBytes(scenario.Input with { Parameters = scenario.Input.Parameters with { MaxTime = longest } }));
        if (fitting < jobs)
        {
            console.Out.WriteLine($"note: --jobs {jobs} lowered to {fitting} to keep parallel runs within {InputLimits.Bytes(InputLimits.ParallelMemoryBudgetBytes)}");
            jobs = fitting;
        }

        var request = new PlanRequest { Workloads = workloads, Constraints = constraints, Ranking = ranking, Replications = parse.GetValue(Replications) };
        console.Out.WriteLine(PlanText.Question(scenario.Name, constraints, ranking));
        foreach (var n in notes) console.Out.WriteLine($"  {n}");
        var clock = Stopwatch.StartNew();
        PlanResult? result = null;
        if (OutputOutcome.Of(console, csv, "plan", () => result = Abandonable.Run(() => SlaPlanner.Plan(request, jobs, ct), ct)) is { } stopped)
            return stopped;
        clock.Stop();

        try
        {
            Directory.CreateDirectory(outDir);
            StagingName.CleanStale(outDir);
            // Written beside and renamed into place: an earlier plan.csv stays whole until the new one is.
            string tmp = StagingName.Temporary(csv);
            try
            {
                PlanTable.Csv(result!).Write(tmp, PlanTable.Rows(result!));
                File.Move(tmp, csv, overwrite: true);
            }
            finally
            {
                if (File.Exists(tmp)) File.Delete(tmp);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"error: cannot write {csv}: {e.Message}");
            return ExitCodes.Failure;
        }
        console.Out.Write(PlanText.Format(result!, clock.Elapsed, parse.GetValue(Top)));
        console.Out.WriteLine($"  wrote {csv}");
        return ExitCodes.Success;
    }

    private static List<PlanWorkload> Workloads(Scenario scenario, string? dirtyRateFile, string? rateRange, List<string> notes)
    {
        var input = scenario.Input;
        string label = "as in the scenario";
        if (dirtyRateFile is not null)
        {
            var measured = MeasuredWorkload.Apply(input, DirtyRateParser.ParseFile(dirtyRateFile));
            notes.Add($"workload from {dirtyRateFile}: {measured.Description}");
            input = measured.Input;
            label = "measured";
        }
        if (rateRange is null) return [new PlanWorkload(label, input)];
        int dots = rateRange.IndexOf("..", StringComparison.Ordinal);
        if (dots <= 0) throw new ArgumentException($"--rate-range {rateRange}: expected FROM..TO, e.g. 10k..40k pages/s");
        string from = rateRange[..dots].Trim(), to = rateRange[(dots + 2)..].Trim();
        int pageSize = input.Guest.PageSizeBytes;
        double Rate(string text, string? unitFrom)
        {
            if (UnitParser.ParsePageRate(text, pageSize, out string e) is { } r && r >= 0) return r;
            // "10k..40k pages/s": the unit written once, after TO.
            string unit = unitFrom is null ? "" : unitFrom.TrimStart("0123456789.+-eEkKmMgG".ToCharArray());
            if (unitFrom is not null && UnitParser.ParsePageRate(text + unit, pageSize, out _) is { } r2 && r2 >= 0) return r2;
            if (unitFrom is not null && UnitParser.ParsePageRate(text + " " + unit.Trim(), pageSize, out _) is { } r3 && r3 >= 0) return r3;
            throw new ArgumentException($"--rate-range {rateRange}: '{text}': {(e.Length > 0 ? e : "must be zero or more")}");
        }
        double hi = Rate(to, null), lo = Rate(from, to);
        if (lo > hi) throw new ArgumentException($"--rate-range {rateRange}: FROM is above TO");
        var c = CultureInfo.InvariantCulture;
        return new[] { lo, (lo + hi) / 2, hi }.Distinct()
            .Select(r => new PlanWorkload($"{r.ToString("0", c)} pages/s", MeasuredWorkload.WithRate(input, r))).ToList();
    }

    /// <param name="own">The scenario's policy when it is a plug-in's (it may be named too), else null.</param>
    private static List<PlanPolicy> ParsePolicies(string text, string? own)
    {
        var list = new List<PlanPolicy>();
        string allowed = own is null ? "precopy, postcopy, hybrid" : $"precopy, postcopy, hybrid, {own}";
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            PlanPolicy p;
            if (own is not null && part.Equals(own, StringComparison.OrdinalIgnoreCase)) p = PlanPolicy.Scenario;
            else if (!Enum.TryParse(part, ignoreCase: true, out p) || !Enum.IsDefined(p) || p == PlanPolicy.Scenario || int.TryParse(part, out _))
                throw new ArgumentException($"--policies {text}: '{part}' is not a policy; allowed: {allowed}");
            if (!list.Contains(p)) list.Add(p);
        }
        return list.Count > 0 ? list : throw new ArgumentException($"--policies: name at least one of {allowed}");
    }

    private static PlanRanking ParseRanking(string text) => text.ToLowerInvariant() switch
    {
        "bandwidth" => PlanRanking.Bandwidth,
        "total-time" => PlanRanking.TotalTime,
        "downtime" => PlanRanking.Downtime,
        "progress-lost" => PlanRanking.ProgressLost,
        _ => throw new ArgumentException($"--rank {text}: allowed: bandwidth, total-time, downtime, progress-lost"),
    };

    /// <summary>0.9 or 90%, in [0, 1].</summary>
    private static double Fraction(string option, string text, bool allowZero)
    {
        string t = text.Trim();
        bool percent = t.EndsWith('%');
        if (double.TryParse(percent ? t[..^1] : t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
        {
            if (percent) v /= 100;
            if (v is >= 0 and <= 1 && (allowZero || v > 0)) return v;
        }
        throw new ArgumentException($"{option} {text}: expected a fraction{(allowZero ? "" : " above 0")} up to 1, e.g. 0.9 or 90%");
    }
}
