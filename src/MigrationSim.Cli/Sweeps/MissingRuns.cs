using System.Globalization;
using MigrationSim.Reporting.Csv;
using MigrationSim.Scenarios.Sweeps;

namespace MigrationSim.Cli.Sweeps;

/// <summary>
/// The runs of a sweep that a set of results files lacks, described so that a user can act on it:
/// per shard (not among the inputs, or there but unfinished, with the command that continues it)
/// and by point and replication.
/// </summary>
/// <remarks>
/// A results file names the sweep's run count but not its shape (points x replications). The
/// shape is inferred from the rows: the replication count R must divide the run count, exceed
/// every replication seen, and leave at least as many points as the highest point seen. Almost
/// any set with a finished point pins R; when several R fit (nearly empty inputs), only counts
/// and shards are reported.
/// </remarks>
public sealed class MissingRuns
{
    private const int ListedPoints = 12;

    private MissingRuns(int count, int total, IReadOnlyList<(int Point, int Replication)>? runs, IReadOnlyList<string> lines)
    {
        Count = count;
        Total = total;
        Runs = runs;
        Lines = lines;
    }

    /// <summary>Runs of the whole sweep that no input holds.</summary>
    public int Count { get; }

    /// <summary>Runs of the whole sweep (the header's runs=).</summary>
    public int Total { get; }

    /// <summary>The missing runs by (point, replication), in order; null when the sweep's shape cannot be told from the inputs.</summary>
    public IReadOnlyList<(int Point, int Replication)>? Runs { get; }

    /// <summary>One line per shard with something missing (or one for the whole sweep), without indentation.</summary>
    public IReadOnlyList<string> Lines { get; }

    /// <param name="parts">Results files of one sweep (same fingerprint), no run in two of them.</param>
    public static MissingRuns Find(IReadOnlyList<(string File, SweepResults Results)> parts)
    {
        int total = parts[0].Results.Header.Runs;
        var present = parts.SelectMany(p => p.Results.Rows).Select(r => (r.Point, r.Replication)).ToHashSet();
        int count = total - present.Count;
        if (count <= 0) return new MissingRuns(0, total, [], []);

        int? replications = InferReplications(total, present);
        var runs = replications is int rr ? Missing(total / rr, rr, present, _ => true) : null;
        var shards = parts.Select(p => (p.File, Spec: ShardSpec.Parse(p.Results.Header.Shard, out _))).ToList();
        int shardCount = shards.All(s => s.Spec is not null && s.Spec.Count == shards[0].Spec!.Count) ? shards[0].Spec!.Count : 1;

        var lines = new List<string>();
        if (shardCount == 1)
        {
            if (replications is int r) lines.Add(Describe(runs!, r));
            return new MissingRuns(count, total, runs, lines);
        }

        for (int k = 1; k <= shardCount; k++)
        {
            var spec = new ShardSpec(k, shardCount);
            var files = shards.Where(s => s.Spec == spec).Select(s => s.File).ToList();
            if (replications is not int r)
            {
                if (files.Count == 0) lines.Add($"shard {spec}: not among the inputs");
                continue;
            }
            int points = total / r;
            var missing = Missing(points, r, present, spec.Includes);
            if (missing.Count == 0) continue;
            int expected = Enumerable.Range(0, points).Count(spec.Includes) * r;
            if (files.Count == 0)
            {
                lines.Add($"shard {spec}: not among the inputs ({missing.Count} runs: {Describe(missing, r)})");
            }
            else
            {
                string dir = Path.GetDirectoryName(files[0]) is { Length: > 0 } d ? d : ".";
                lines.Add($"shard {spec} ({string.Join(", ", files)}): {missing.Count} of {expected} runs missing ({Describe(missing, r)}); " +
                          $"unfinished? continue it with: migsim sweep SWEEP --shard {spec} --out {dir} --resume");
            }
        }
        return new MissingRuns(count, total, runs, lines);
    }

    private static int? InferReplications(int total, HashSet<(int Point, int Replication)> present)
    {
        int maxPoint = present.Count == 0 ? -1 : present.Max(x => x.Point);
        int maxReplication = present.Count == 0 ? -1 : present.Max(x => x.Replication);
        var fits = Enumerable.Range(1, total)
            .Where(r => total % r == 0 && r > maxReplication && total / r > maxPoint)
            .ToList();
        return fits.Count == 1 ? fits[0] : null;
    }

    private static List<(int Point, int Replication)> Missing(int points, int replications, HashSet<(int, int)> present, Func<int, bool> inShard)
    {
        var missing = new List<(int, int)>();
        for (int p = 0; p < points; p++)
        {
            if (!inShard(p)) continue;
            for (int k = 0; k < replications; k++)
                if (!present.Contains((p, k))) missing.Add((p, k));
        }
        return missing;
    }

    /// <summary>"points 2, 6, 10 (replication 1), ...": a point that lacks every replication is named alone.</summary>
    private static string Describe(List<(int Point, int Replication)> missing, int replications)
    {
        var byPoint = missing.GroupBy(m => m.Point).OrderBy(g => g.Key).ToList();
        bool allWhole = byPoint.All(g => g.Count() == replications);
        var items = byPoint.Take(ListedPoints).Select(g =>
        {
            string p = g.Key.ToString(CultureInfo.InvariantCulture);
            if (g.Count() == replications) return p;
            var reps = g.Select(x => x.Replication).Order().ToList();
            return $"{p} (replication{(reps.Count > 1 ? "s" : "")} {string.Join(", ", reps)})";
        });
        string list = string.Join(", ", items) + (byPoint.Count > ListedPoints ? $", ... ({byPoint.Count - ListedPoints} more)" : "");
        string whole = replications == 1 ? ""
            : allWhole ? ", every replication"
            : byPoint.Any(g => g.Count() == replications) ? $"; a point without replications listed lacks all {replications}"
            : "";
        return (byPoint.Count == 1 ? "point " : "points ") + list + whole;
    }
}
