namespace MigrationSim.Cli.Examples;

/// <summary>
/// The repository's example scenarios and sweeps (scenarios/*.yaml, scenarios/sweeps/*.yaml) and the
/// benchmark scenarios (scenarios/bench/*.yaml), embedded in the tool at build time, so that an
/// installed migsim can write them (`migsim init`) and bench them outside the repository.
/// Paths are relative ("scenarios/quickstart.yaml"), as in the repository.
/// </summary>
public static class EmbeddedExamples
{
    private const string ExamplesPrefix = "examples/";
    private const string BenchPrefix = "bench/";

    /// <summary>Example scenarios and sweeps, by relative path.</summary>
    public static IReadOnlyList<(string Path, string Text)> Examples() => Read(ExamplesPrefix);

    /// <summary>Benchmark scenarios, by file name.</summary>
    public static IReadOnlyList<(string Path, string Text)> Bench() => Read(BenchPrefix);

    private static List<(string, string)> Read(string prefix)
    {
        var assembly = typeof(EmbeddedExamples).Assembly;
        var list = new List<(string, string)>();
        foreach (string name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            list.Add((name[prefix.Length..], reader.ReadToEnd()));
        }
        return list;
    }
}
