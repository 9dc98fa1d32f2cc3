using System.Globalization;
using System.Text;
using MigrationSim.Analysis.Planning;
using MigrationSim.Model.Text;
using MigrationSim.Reporting.Text;

namespace MigrationSim.Reporting.Planning;

/// <summary>
/// The planner's answer for people: the question, the ranked settings with every cost (worst run
/// of each), and the commands that apply the first one; or, when nothing meets the SLA, the
/// settings that came closest and what they missed.
/// </summary>
public static class PlanText
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string Question(string scenario, PlanConstraints k, PlanRanking ranking)
    {
        var parts = new List<string> { $"downtime <= {Quantity.Milliseconds(k.MaxDowntime.Milliseconds)}" };
        if (k.MaxTotal is { } t) parts.Add($"total time <= {Quantity.Milliseconds(t.Milliseconds)}");
        if (k.MinGuestProgress is { } g) parts.Add($"guest progress >= {g.ToString("0.###", C)}");
        if (k.MaxExposure is { } e) parts.Add(e.Nanoseconds == 0 ? "no postcopy exposure window" : $"exposure window <= {Quantity.Milliseconds(e.Milliseconds)}");
        if (k.Policies.Count < 3) parts.Add($"policies {string.Join(", ", k.Policies.Select(p => p.ToString().ToLowerInvariant()))}");
        if (k.MaxBandwidthBytesPerSecond is { } b) parts.Add($"bandwidth <= {Quantity.Rate(b)}");
        if (k.MinShare < 1) parts.Add($"in at least {k.MinShare.ToString("0.#%", C)} of runs");
        return $"plan for {scenario}: {string.Join(", ", parts)}; ranked by {Ranking(ranking)}";
    }

    public static string Ranking(PlanRanking r) => r switch
    {
        PlanRanking.TotalTime => "total time",
        PlanRanking.Downtime => "downtime",
        PlanRanking.ProgressLost => "guest progress lost",
        _ => "bandwidth",
    };

    public static string Format(PlanResult result, TimeSpan elapsed, int top)
    {
        var b = new StringBuilder();
        var req = result.Request;
        int settings = result.Candidates.Count;
        string reps = Plural.Of(req.Replications, "replication");
        string workloads = req.Workloads.Count > 1 ? $" x {req.Workloads.Count} dirty rates" : "";
        b.AppendLine($"  {Plural.Of(settings, "setting")} x {reps}{workloads} = {Plural.Of(result.Runs, "run")} in {elapsed.TotalSeconds.ToString("0.0", C)} s; " +
                     $"{Plural.Of(result.AcceptedCount, "setting")} met the SLA in {(req.Constraints.MinShare >= 1 ? "every run" : $"at least {req.Constraints.MinShare.ToString("0.#%", C)} of runs")}" +
                     (result.AcceptedCount > 0 ? $", {Plural.Of(result.Ranked.Count, "distinct choice")} below" : ""));
        if (result.Ranked.Count == 0)
        {
            Closest(b, result);
            return b.ToString();
        }
        b.AppendLine("  worst run of each setting; progress = guest work done / undisturbed; exposure = postcopy window in which losing either host loses the guest");
        Header(b);
        foreach (var (o, i) in result.Ranked.Take(top).Select((o, i) => (o, i)))
            Row(b, (i + 1).ToString(C), o);
        if (result.Ranked.Count > top) b.AppendLine($"  ... {result.Ranked.Count - top} more in {PlanTable.FileName}");
        var best = result.Ranked[0];
        b.AppendLine();
        b.AppendLine($"  apply #1 ({Describe(best.Candidate)}) with QMP on the source:");
        foreach (var l in MigrationCommands.Qmp(best.Candidate)) b.AppendLine($"    {l}");
        b.AppendLine("  or with libvirt:");
        foreach (var l in MigrationCommands.Virsh(best.Candidate)) b.AppendLine($"    {l}");
        return b.ToString();
    }

    private static void Closest(StringBuilder b, PlanResult result)
    {
        // Most runs meeting the SLA, then most completing, then the smallest overshoot; one row per policy and bandwidth.
        var closest = result.Outcomes
            .OrderByDescending(o => o.Share).ThenByDescending(o => o.Runs.Count(r => r.Status == MigrationSim.Model.Results.MigrationStatus.Completed))
            .ThenBy(o => o.WorstDowntimeMs ?? double.MaxValue).ThenBy(o => o.WorstTotalTimeMs).ThenByDescending(o => o.Candidate.BandwidthBytesPerSecond)
            .DistinctBy(o => (o.Candidate.Label, o.Candidate.BandwidthBytesPerSecond)).Take(5).ToList();
        var reasons = result.Outcomes.SelectMany(o => o.Violations).Where(v => v is not null).GroupBy(v => v!).OrderByDescending(g => g.Count())
            .Select(g => $"{g.Key} ({Plural.Of(g.Count(), "run")})");
        b.AppendLine($"  no setting meets the SLA; runs missed it on: {string.Join(", ", reasons)}. Closest:");
        Header(b);
        foreach (var o in closest) Row(b, "-", o);
    }

    private static void Header(StringBuilder b) =>
        b.AppendLine($"  {"#",3}  {"policy",-28} {"bandwidth",9} {"dl-limit",8} {"a-conv",6} {"met",7} {"downtime",9} {"total",9} {"progress",8} {"vCPU blocked",12} {"exposure",9} {"sent",10}");

    private static void Row(StringBuilder b, string rank, PlanOutcome o)
    {
        var c = o.Candidate;
        string dl = c.UsesPrecopyKnobs ? c.DowntimeLimitLabel : "-";
        string ac = c.UsesPrecopyKnobs ? c.AutoConverge ? "on" : "off" : "-";
        string down = o.WorstDowntimeMs is { } d && double.IsFinite(d) ? Quantity.Milliseconds(d) : "-";
        string total = o.AllCompleted ? Quantity.Milliseconds(o.WorstTotalTimeMs) : $">{Quantity.Milliseconds(o.WorstTotalTimeMs)}";
        b.AppendLine($"  {rank,3}  {c.Label,-28} {c.BandwidthLabel,9} {dl,8} {ac,6} {$"{o.Meeting}/{o.Runs.Count}",7} {down,9} {total,9} {o.WorstGuestProgress.ToString("0.000", C),8} " +
                     $"{(o.WorstVcpuBlockedMs > 0 ? Quantity.Milliseconds(o.WorstVcpuBlockedMs) : "0"),12} {(o.WorstExposureMs > 0 ? Quantity.Milliseconds(o.WorstExposureMs) : "-"),9} {Quantity.Bytes(o.MaxTransferredBytes),10}");
    }

    public static string Describe(PlanCandidate c) =>
        $"{c.Label}, max-bandwidth {c.BandwidthLabel}" + (c.UsesPrecopyKnobs ? $", downtime-limit {c.DowntimeLimitLabel}, auto-converge {(c.AutoConverge ? "on" : "off")}" : "");
}
