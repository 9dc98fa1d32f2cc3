namespace MigrationSim.Scenarios;

/// <summary>
/// A scenario that cannot be run, with where (file, line, column, dotted key) and why, phrased
/// so the message alone tells the user what to write instead.
/// </summary>
public sealed class ScenarioException(string file, int line, int column, string? key, string problem)
    : Exception(Format(file, line, column, key, problem))
{
    /// <summary>The file at fault.</summary>
    public string File { get; } = file;
    /// <summary>1-based line; 0 when the problem is the whole file.</summary>
    public int Line { get; } = line;
    /// <summary>1-based column; 0 when unknown.</summary>
    public int Column { get; } = column;
    /// <summary>The dotted key at fault, e.g. "migration.downtime-limit"; null for the whole file.</summary>
    public string? Key { get; } = key;
    /// <summary>What is wrong and what to write instead.</summary>
    public string Problem { get; } = problem;

    // Paths, keys and problems quote what the user typed: each is cut, so no message runs to megabytes.
    private static string Format(string file, int line, int column, string? key, string problem)
    {
        string shown = Limits.Excerpt.Of(file, 300);
        string where = line > 0 ? $"{shown}:{line}:{column}" : shown;
        problem = Limits.Excerpt.Of(problem, 2000);
        return key is null ? $"{where}: {problem}" : $"{where}: {Limits.Excerpt.Of(key, 200)}: {problem}";
    }
}
