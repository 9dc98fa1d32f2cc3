using System.Globalization;

namespace MigrationSim.Analysis.Validation;

/// <summary>
/// The accuracy goals of the validation issue, judged on held-out traces per policy:
/// total time and bytes median |error| &lt;= 1.5% and p90 &lt;= 4% (precopy); iterations exact in
/// &gt;= 90% of precopy traces; converged right everywhere; downtime within max(30%, 5 ms) in &gt;= 80%;
/// postcopy and hybrid total time median &lt;= 3% and postcopy requests within 30% median.
/// </summary>
public static class AccuracyGoals
{
    public static IReadOnlyList<AccuracyGoal> Judge(ValidationReport r)
    {
        var goals = new List<AccuracyGoal>();
        var c = CultureInfo.InvariantCulture;
        var policies = r.HeldOut.Select(t => t.Measured.Policy).Distinct().Order().ToList();
        foreach (var policy in policies)
        {
            var variation = Validator.RepeatVariation(r.Traces.Select(t => t.Measured).Where(t => t.Policy == policy).ToList());
            string Floor(Metric m) => variation.GetValueOrDefault(m) is { } v ? string.Create(c, $"{policy} repeats vary {v.MedianAbs:0.##}% median, {v.MaxAbs:0.##}% max") : "no repeats";
            var held = r.HeldOut.Where(t => t.Measured.Policy == policy).ToList();
            if (policy == "precopy")
            {
                foreach (var m in new[] { Metric.TotalTime, Metric.Transferred })
                {
                    var s = r.Stats(m, simulator: true, policy);
                    if (s is null) continue;
                    goals.Add(new(policy, $"{Name(m)}: median |error| <= 1.5%", string.Create(c, $"{s.MedianAbs:0.##}%"), s.MedianAbs <= 1.5, Floor(m)));
                    goals.Add(new(policy, $"{Name(m)}: 90th percentile |error| <= 4%", string.Create(c, $"{s.P90Abs:0.##}%"), s.P90Abs <= 4, Floor(m)));
                }
                var withIterations = held.Where(t => t.Measured.Converged).ToList();
                if (withIterations.Count > 0)
                {
                    double exact = withIterations.Count(t => t.Simulated.DirtySyncCount == t.Measured.DirtySyncCount) / (double)withIterations.Count * 100;
                    // No prediction can match two repeats that disagree: count the traces whose repeats agree.
                    var all = r.Traces.ToList();
                    var agree = withIterations.Where(t => all.Where(o => o.Measured.ScenarioKey == t.Measured.ScenarioKey && o != t)
                        .All(o => o.Measured.DirtySyncCount == t.Measured.DirtySyncCount)).ToList();
                    double floor = agree.Count / (double)withIterations.Count * 100;
                    double exactWhereAgree = agree.Count == 0 ? 100 : agree.Count(t => t.Simulated.DirtySyncCount == t.Measured.DirtySyncCount) / (double)agree.Count * 100;
                    goals.Add(new(policy, "iterations (dirty-sync-count) exact in >= 90% of converged traces", string.Create(c, $"{exact:0}% of {withIterations.Count}"), exact >= 90,
                        string.Create(c, $"repeats agree in {floor:0}% of these; exact in {exactWhereAgree:0}% of those")));
                }
            }
            else
            {
                var s = r.Stats(Metric.TotalTime, simulator: true, policy);
                if (s is not null)
                    goals.Add(new(policy, "total time: median |error| <= 3%", string.Create(c, $"{s.MedianAbs:0.##}%"), s.MedianAbs <= 3, Floor(Metric.TotalTime)));
                var q = r.Stats(Metric.PostcopyRequests, simulator: true, policy);
                if (q is not null)
                    goals.Add(new(policy, "postcopy requests: median |error| <= 30%", string.Create(c, $"{q.MedianAbs:0.#}%"), q.MedianAbs <= 30, Floor(Metric.PostcopyRequests)));
            }
            int right = held.Count(t => t.Simulated.Converged == t.Measured.Converged);
            goals.Add(new(policy, "converged or not: right in every trace", $"{right} of {held.Count}", right == held.Count));
            var downtimes = held.Where(t => t.Measured.DowntimeMs is not null && t.Simulated.DowntimeMs is not null).ToList();
            if (downtimes.Count > 0)
            {
                double within = downtimes.Count(t => Math.Abs(t.Simulated.DowntimeMs!.Value - t.Measured.DowntimeMs!.Value)
                    <= Math.Max(0.3 * t.Measured.DowntimeMs!.Value, 5)) / (double)downtimes.Count * 100;
                goals.Add(new(policy, "downtime within max(30%, 5 ms) in >= 80% of traces", string.Create(c, $"{within:0}% of {downtimes.Count}"), within >= 80, Floor(Metric.Downtime)));
            }
            var pauses = held.Where(t => t.Measured.GuestPauseMs is not null && t.Simulated.GuestPauseMs is not null).ToList();
            if (pauses.Count > 0)
            {
                double within = pauses.Count(t => Math.Abs(t.Simulated.GuestPauseMs!.Value - t.Measured.GuestPauseMs!.Value)
                    <= Math.Max(0.3 * t.Measured.GuestPauseMs!.Value, 5)) / (double)pauses.Count * 100;
                goals.Add(new(policy, "guest pause within max(30%, 5 ms) in >= 80% of traces", string.Create(c, $"{within:0}% of {pauses.Count}"), within >= 80, Floor(Metric.GuestPause)));
            }
        }
        return goals;
    }

    public static string Name(Metric m) => m switch
    {
        Metric.TotalTime => "total time",
        Metric.Downtime => "downtime",
        Metric.Transferred => "bytes transferred",
        Metric.Iterations => "iterations",
        Metric.PostcopyRequests => "postcopy requests",
        Metric.GuestPause => "guest pause",
        _ => m.ToString(),
    };
}
