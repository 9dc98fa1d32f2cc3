using MigrationSim.Kernel;
using MigrationSim.Model.Fleets;

namespace MigrationSim.Analysis.Fleets;

/// <summary>
/// Simulates each captured fleet and compares, migration by migration and for the makespan.
/// Nothing is fitted per trace: the host constants come from single-migration captures, and the
/// only inputs taken from the capture are the fleet file and when each migrate was issued. Each
/// fleet runs with several seeds (every guest's seed derived as in <see cref="Validation.Replications"/>)
/// and the median is compared, so the figures measure the model, not one random draw.
/// </summary>
public static class FleetValidator
{
    public static IReadOnlyList<FleetValidation> Validate(IEnumerable<MeasuredFleet> fleets, int replications = Validation.Replications.Default) =>
        fleets.Select(f => Validate(f, replications)).ToList();

    public static FleetValidation Validate(MeasuredFleet fleet, int replications)
    {
        var runs = Enumerable.Range(0, Math.Max(1, replications)).Select(k => Run(fleet.Spec, k)).ToList();
        var errors = new List<FleetMigrationError>();
        for (int i = 0; i < fleet.Migrations.Count; i++)
        {
            var measured = fleet.Migrations[i];
            var sims = runs.Select(r => r.Guests[i]).ToList();
            errors.Add(new FleetMigrationError
            {
                Fleet = fleet.Name,
                Measured = measured,
                SimulatedEndMs = Median(sims.Select(g => g.EndMs ?? 0)),
                SimulatedTotalTimeMs = Median(sims.Select(g => g.DurationMs ?? 0)),
                SimulatedTransferred = Median(sims.Select(g => (double)g.TransferredBytes)),
                SimulatedDowntimeMs = MedianOfMost(sims.Select(g => g.DowntimeMs)),
                SimulatedGuestPauseMs = MedianOfMost(sims.Select(g => g.GuestPauseMs)),
                SimulatedIterations = Median(sims.Select(g => (double)g.Iterations)),
                SimulatedPostcopyRequests = Median(sims.Select(g => (double)g.PostcopyRequests)),
                SimulatedCompleted = sims.Count(g => g.DowntimeMs is not null) * 2 > sims.Count,
            });
        }
        return new FleetValidation { Measured = fleet, Migrations = errors, SimulatedMakespanMs = Median(runs.Select(r => r.MakespanMs)) };
    }

    /// <summary>Replication <paramref name="k"/>: k = 0 is the fleet as written; the others derive every guest's seed.</summary>
    private static FleetResult Run(FleetSpec spec, int k)
    {
        if (k == 0) return FleetSimulation.Run(spec);
        var guests = spec.Guests.Select(g =>
        {
            ulong seed = new RandomStreams(g.Seed).Derive($"replication-{k}");
            return g with { Seed = seed, Settings = g.Settings with { Seed = seed } };
        }).ToList();
        return FleetSimulation.Run(spec with { Guests = guests });
    }

    /// <summary>The median of the seeds that have a value, when more than half have one (the migration completed); else null.</summary>
    private static double? MedianOfMost(IEnumerable<double?> values)
    {
        var all = values.ToList();
        var present = all.OfType<double>().ToList();
        return present.Count * 2 > all.Count ? Median(present) : null;
    }

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToList();
        return v.Count == 0 ? double.NaN : v.Count % 2 == 1 ? v[v.Count / 2] : (v[v.Count / 2 - 1] + v[v.Count / 2]) / 2;
    }

    /// <summary>Median and 90th percentile of the absolute values (NaN when empty).</summary>
    public static (double Median, double P90, int Count) Spread(IEnumerable<double> errors)
    {
        var abs = errors.Where(e => !double.IsNaN(e)).Select(Math.Abs).Order().ToArray();
        if (abs.Length == 0) return (double.NaN, double.NaN, 0);
        return (MathNet.Numerics.Statistics.SortedArrayStatistics.Median(abs), MathNet.Numerics.Statistics.SortedArrayStatistics.Quantile(abs, 0.9), abs.Length);
    }
}
