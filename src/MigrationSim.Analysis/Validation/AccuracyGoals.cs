using System.Globalization;
using MigrationSim.Model.Results;

namespace MigrationSim.Analysis.Validation;

/// <summary>
/// The accuracy goals of issue 15, judged on the held-out traces of each group
/// (<see cref="MeasuredMigration.Group"/>: policy, features, cancelled precopy apart):
/// precopy total time and bytes median |error| &lt;= 1% and 90th percentile &lt;= 2.5% on converged
/// migrations; iterations exact in &gt;= 90% of the converged traces whose real repeats agree;
/// downtime and the guest's pause within max(30%, 5 ms) in &gt;= 90%; postcopy and hybrid total
/// time median &lt;= 3% and postcopy requests median &lt;= 15%; every feature group (xbzrle, multifd,
/// ...) within 3% median on total time and bytes; converged or not right everywhere. Percentiles
/// are <see cref="ErrorStatistics.QuantileDefinitionName"/>.
/// </summary>
public static class AccuracyGoals
{
    public static IReadOnlyList<AccuracyGoal> Judge(ValidationReport r)
    {
        var goals = new List<AccuracyGoal>();
        var c = CultureInfo.InvariantCulture;
        foreach (var group in r.HeldOut.Select(t => t.Measured.Group).Distinct().Order(StringComparer.Ordinal))
        {
            var variation = Validator.RepeatVariation(r.Traces.Select(t => t.Measured).Where(t => t.Group == group).ToList());
            string Floor(Metric m) => variation.GetValueOrDefault(m) is { } v ? string.Create(c, $"repeats vary {v.MedianAbs:0.##}% median, {v.MaxAbs:0.##}% max") : "no repeats";
            var held = r.HeldOut.Where(t => t.Measured.Group == group).ToList();
            var first = held[0].Measured;
            bool cancelled = !first.Input.Policy.UsesPostcopy && !first.Converged;
            bool feature = group.Contains('+');
            if (cancelled)
            {
                // Cancelled at max-time in the capture and the simulation alike: the time is max-time in both.
                var s = r.Stats(Metrics.Transferred, simulator: true, group);
                if (s is not null)
                    goals.Add(new(group, "bytes transferred by max-time: median |error| <= 3%", string.Create(c, $"{s.MedianAbs:0.##}%"), s.MedianAbs <= 3, Floor(Metrics.Transferred), Metrics.Transferred));
            }
            else if (first.Policy == "precopy" && !feature)
            {
                foreach (var m in new[] { Metrics.TotalTime, Metrics.Transferred })
                {
                    var s = r.Stats(m, simulator: true, group);
                    if (s is null) continue;
                    goals.Add(new(group, $"{Name(m)}: median |error| <= 1%", string.Create(c, $"{s.MedianAbs:0.##}%"), s.MedianAbs <= 1, Floor(m), m));
                    goals.Add(new(group, $"{Name(m)}: 90th percentile |error| <= 2.5%", string.Create(c, $"{s.P90Abs:0.##}%"), s.P90Abs <= 2.5, Floor(m), m));
                }
                // No prediction can match two repeats that disagree: judge the traces whose repeats agree.
                var all = r.Traces.ToList();
                var agree = held.Where(t => all.Where(o => o.Measured.ScenarioKey == t.Measured.ScenarioKey && o != t)
                    .All(o => o.Measured.DirtySyncCount == t.Measured.DirtySyncCount)).ToList();
                if (agree.Count > 0)
                {
                    double exact = agree.Count(t => t.Simulated.DirtySyncCount == t.Measured.DirtySyncCount) / (double)agree.Count * 100;
                    double overall = held.Count(t => t.Simulated.DirtySyncCount == t.Measured.DirtySyncCount) / (double)held.Count * 100;
                    goals.Add(new(group, "iterations (dirty-sync-count) exact in >= 90% of traces whose repeats agree", string.Create(c, $"{exact:0}% of {agree.Count}"), exact >= 90,
                        string.Create(c, $"repeats agree in {agree.Count} of {held.Count}; exact in {overall:0}% of all {held.Count}"), Metrics.DirtySyncCount));
                }
            }
            else
            {
                foreach (var m in feature ? new[] { Metrics.TotalTime, Metrics.Transferred } : [Metrics.TotalTime])
                {
                    var s = r.Stats(m, simulator: true, group);
                    if (s is not null)
                        goals.Add(new(group, $"{Name(m)}: median |error| <= 3%", string.Create(c, $"{s.MedianAbs:0.##}%"), s.MedianAbs <= 3, Floor(m), m));
                }
                var q = first.Input.Policy.UsesPostcopy ? r.Stats(Metrics.PostcopyRequests, simulator: true, group) : null;
                if (q is not null)
                    goals.Add(new(group, "postcopy requests: median |error| <= 15%", string.Create(c, $"{q.MedianAbs:0.#}%"), q.MedianAbs <= 15, Floor(Metrics.PostcopyRequests), Metrics.PostcopyRequests));
            }
            int right = held.Count(t => t.Simulated.Converged == t.Measured.Converged);
            goals.Add(new(group, "converged or not: right in every trace", $"{right} of {held.Count}", right == held.Count));
            foreach (var m in new[] { Metrics.Downtime, Metrics.GuestPause })
            {
                var both = held.Where(t => t.Measured.Value(m) is not null && t.Simulated.Value(m) is not null).ToList();
                if (both.Count == 0) continue;
                double within = both.Count(t => Math.Abs(t.Simulated.Value(m)!.Value - t.Measured.Value(m)!.Value)
                    <= Math.Max(0.3 * t.Measured.Value(m)!.Value, 5)) / (double)both.Count * 100;
                goals.Add(new(group, $"{Name(m)} within max(30%, 5 ms) in >= 90% of traces", string.Create(c, $"{within:0}% of {both.Count}"), within >= 90, Floor(m), m));
            }
        }
        return goals;
    }

    /// <summary>The metric in words, as goals and figures name it ("total time", "bytes transferred").</summary>
    public static string Name(Metric m) => m.Description;
}
