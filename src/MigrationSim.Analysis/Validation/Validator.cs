using MigrationSim.Analysis.Fluid;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Results;

namespace MigrationSim.Analysis.Validation;

/// <summary>
/// Simulates every usable trace's scenario on a host profile, runs the fluid model beside it,
/// and judges the held-out traces against the accuracy goals.
/// </summary>
public static class Validator
{
    /// <param name="replications">Seeds simulated per trace; the median prediction is judged (<see cref="Replications"/>).</param>
    public static ValidationReport Validate(IReadOnlyList<MeasuredMigration> traces, HostProfile profile,
        IReadOnlySet<string> calibrationNames, IReadOnlyList<(string, string)> unusable, int replications = Replications.Default)
    {
        var results = new TraceValidation[traces.Count];
        Parallel.For(0, traces.Count, i =>
        {
            var t = traces[i];
            var input = t.Input with { Host = profile with { Qemu = t.Input.Host.Qemu } }; // the capture's QEMU, the profile's constants
            var (median, first) = Replications.Predict(input, replications);
            var fluid = FluidModel.Predict(input);
            results[i] = new TraceValidation(t, median, Prediction.From(fluid), first.Timeline, calibrationNames.Contains(t.Name));
        });
        var report = new ValidationReport(results, unusable, [], RepeatVariation(traces));
        return report with { Goals = AccuracyGoals.Judge(report) };
    }

    /// <summary>Spread between repeats of the same scenario: |a - mean| / mean in %, per metric.</summary>
    public static Dictionary<Metric, ErrorStatistics?> RepeatVariation(IReadOnlyList<MeasuredMigration> traces)
    {
        var groups = traces.GroupBy(t => t.ScenarioKey).Where(g => g.Count() >= 2).ToList();
        var result = new Dictionary<Metric, ErrorStatistics?>();
        foreach (var m in Prediction.Compared)
        {
            var deviations = new List<double>();
            foreach (var g in groups)
            {
                var values = g.Select(t => Prediction.From(t).Value(m))
                    .Where(v => v is not null).Select(v => v!.Value).ToList();
                if (values.Count < 2) continue;
                double mean = values.Average();
                if (mean == 0) continue;
                deviations.AddRange(values.Select(v => (v - mean) / mean * 100));
            }
            result[m] = ErrorStatistics.Of(deviations);
        }
        return result;
    }
}
