using System.Text.RegularExpressions;

namespace MigrationSim.Scenarios.Sweeps;

/// <summary>
/// "K/N": the K-th (1-based) of N disjoint slices of a sweep. Points are dealt round-robin
/// (point index modulo N), so each shard gets a mix of cheap and expensive points rather than
/// one contiguous, possibly slow, block; all replications of a point stay in one shard.
/// </summary>
public sealed partial record ShardSpec(int Index, int Count)
{
    /// <summary>The whole sweep: 1/1.</summary>
    public static readonly ShardSpec Whole = new(1, 1);

    [GeneratedRegex(@"^\s*(\d+)\s*/\s*(\d+)\s*$")]
    private static partial Regex Pattern();

    /// <summary>Point <paramref name="pointIndex"/> (0-based) belongs to this shard.</summary>
    public bool Includes(int pointIndex) => pointIndex % Count == Index - 1;

    /// <summary>"K/N".</summary>
    public override string ToString() => $"{Index}/{Count}";

    /// <summary>"K/N" with 1 &lt;= K &lt;= N; null with the reason in <paramref name="error"/>.</summary>
    public static ShardSpec? Parse(string text, out string error)
    {
        error = "";
        var m = Pattern().Match(text ?? "");
        if (!m.Success || !int.TryParse(m.Groups[1].Value, out int k) || !int.TryParse(m.Groups[2].Value, out int n))
        {
            error = $"'{text}' is not a shard spec; write K/N with 1 <= K <= N, e.g. --shard 2/8";
            return null;
        }
        if (n < 1 || k < 1 || k > n)
        {
            error = $"shard {text} is out of range; K must be from 1 to N and N at least 1 (e.g. 1/{Math.Max(n, 1)} .. {Math.Max(n, 1)}/{Math.Max(n, 1)})";
            return null;
        }
        return new ShardSpec(k, n);
    }
}
