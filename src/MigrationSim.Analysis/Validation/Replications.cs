using MigrationSim.Kernel;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Results;

namespace MigrationSim.Analysis.Validation;

/// <summary>
/// A capture is one realisation of a random guest; a single simulated run is another. Comparing
/// the capture with the median of several simulated seeds measures the model, not the luck of
/// one seed, and keeps the validation figures from moving when a change merely reorders random
/// draws. Replication 0 is the scenario's own seed; the others derive from it by name.
/// </summary>
public static class Replications
{
    /// <summary>Seeds per trace in validation and calibration.</summary>
    public const int Default = 5;

    public static IEnumerable<SimulationInput> Of(SimulationInput input, int count)
    {
        yield return input;
        var streams = new RandomStreams(input.Seed);
        for (int k = 1; k < count; k++)
            yield return input with { Seed = streams.Derive($"replication-{k}") };
    }

    /// <summary>The median prediction over <paramref name="count"/> seeds (majority for converged), and the first run (for its timeline).</summary>
    public static (Prediction Median, MigrationResult First) Predict(SimulationInput input, int count)
    {
        var runs = Of(input, Math.Max(1, count)).Select(MigrationSimulation.Run).ToList();
        var s = runs.Select(r => r.Summary).ToList();
        bool converged = s.Count(x => x.Converged) * 2 > s.Count;
        // Per metric, the median over the seeds that have a value; none when most seeds have none (a downtime of a migration that mostly does not converge).
        var values = new Dictionary<Metric, double?>();
        foreach (var m in Prediction.Compared)
        {
            var present = s.Select(m.Read).Where(v => v is not null).Select(v => v!.Value).ToList();
            values[m] = present.Count * 2 > s.Count ? Median(present) : null;
        }
        var median = new Prediction(converged, values);
        return (median, runs[0]);
    }

    /// <summary>Mean of <paramref name="metric"/> over <paramref name="count"/> seeds (smooth enough to bisect on).</summary>
    public static double Mean(SimulationInput input, int count, Func<MigrationSummary, double> metric) =>
        Of(input, Math.Max(1, count)).Average(i => metric(MigrationSimulation.Run(i).Summary));

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToList();
        return v.Count % 2 == 1 ? v[v.Count / 2] : (v[v.Count / 2 - 1] + v[v.Count / 2]) / 2;
    }
}
