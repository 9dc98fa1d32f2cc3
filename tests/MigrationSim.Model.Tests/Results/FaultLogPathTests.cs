using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Results;

namespace MigrationSim.Model.Tests;

/// <summary>
/// The fast paths postcopy takes per fault keep the figures of the plain ones: a fault logged from its
/// parts (the record built only when the sample keeps it) and a record logged whole leave the same log,
/// and the histogram's cached bucket of the last value gives the same percentiles whatever the order.
/// </summary>
public class FaultLogPathTests
{
    [Property(MaxTest = 100)]
    public Property Logging_from_parts_keeps_what_logging_records_keeps(PositiveInt count, int seed)
    {
        int n = count.Get % 200_000;
        var rng = new Random(seed);
        var whole = new FaultLog();
        var parts = new FaultLog();
        int returned = 0;
        for (int i = 0; i < n; i++)
        {
            double latency = rng.Next(4) * 0.25; // repeats, and zeros
            bool joined = rng.Next(5) == 0;
            whole.Add(new FaultRecord(i, 1000 + i, latency, joined));
            var kept = parts.Add(i, 1000 + i, latency, joined);
            if (kept is not null)
            {
                returned++;
                if (kept != new FaultRecord(i, 1000 + i, latency, joined)) return false.Label($"record {i} differs");
            }
        }
        bool same = whole.Records.SequenceEqual(parts.Records) && whole.OneIn == parts.OneIn
            && whole.Count == parts.Count && whole.FirstFaults == parts.FirstFaults
            && whole.Latency.Quantile(0.5) == parts.Latency.Quantile(0.5) && whole.Latency.Quantile(0.99) == parts.Latency.Quantile(0.99);
        // every record kept was returned once when it was logged (some may since have been thinned out)
        return (same && returned >= parts.Records.Count).Label($"same={same} returned={returned} kept={parts.Records.Count} oneIn={parts.OneIn}");
    }

    [Property(MaxTest = 50)]
    public Property Histogram_percentiles_do_not_depend_on_the_order_of_values(int seed)
    {
        var rng = new Random(seed);
        // past the exact limit, with values repeating in runs (the cached bucket) and scattered
        var values = new List<double>();
        while (values.Count < LatencyHistogram.ExactLimit + 5_000)
        {
            double v = rng.Next(3) == 0 ? rng.NextDouble() * 10 : 0.204 + rng.Next(4) * 0.001;
            int run = 1 + rng.Next(20);
            for (int k = 0; k < run; k++) values.Add(v);
        }
        var inOrder = new LatencyHistogram();
        foreach (double v in values) inOrder.Add(v);
        var shuffled = new LatencyHistogram();
        foreach (double v in values.OrderBy(_ => rng.Next())) shuffled.Add(v);
        double[] qs = [0, 0.1, 0.5, 0.9, 0.95, 0.99, 1];
        var a = qs.Select(q => inOrder.Quantile(q)).ToArray();
        var b = qs.Select(q => shuffled.Quantile(q)).ToArray();
        return (!inOrder.IsExact && a.SequenceEqual(b)).Label($"in order [{string.Join(' ', a)}] shuffled [{string.Join(' ', b)}]");
    }
}
