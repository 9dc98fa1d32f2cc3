using System.Text.RegularExpressions;

namespace MigrationSim.Reporting.Csv;

/// <summary>
/// The first line of a sweep's results.csv: a comment naming the sweep, the fingerprint of its
/// expansion, the number of runs of the whole sweep and the shard this file holds. It keeps the
/// file self-describing (no sidecar to lose), and readers skip it as a '#' comment
/// (pandas: comment='#').
/// </summary>
public sealed partial record SweepResultsHeader(string Name, string Fingerprint, int Runs, string Shard)
{
    public const string Prefix = "# migsim-sweep ";

    [GeneratedRegex(@"^# migsim-sweep name=(?<name>\S*) fingerprint=(?<fp>[0-9a-f]+) runs=(?<runs>\d+) shard=(?<shard>\d+/\d+)\s*$")]
    private static partial Regex Pattern();

    public string Format() => $"{Prefix}name={Name} fingerprint={Fingerprint} runs={Runs} shard={Shard}";

    public static SweepResultsHeader? TryParse(string line)
    {
        var m = Pattern().Match(line);
        if (!m.Success) return null;
        return new SweepResultsHeader(m.Groups["name"].Value, m.Groups["fp"].Value, int.Parse(m.Groups["runs"].Value), m.Groups["shard"].Value);
    }

    /// <summary>Names go on one line without spaces.</summary>
    public static string CleanName(string name) => Regex.Replace(name, @"\s+", "_");
}
