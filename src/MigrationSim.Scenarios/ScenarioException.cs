namespace MigrationSim.Scenarios;

/// <summary>
/// A scenario that cannot be run, with where (file, line, column, dotted key) and why, phrased
/// so the message alone tells the user what to write instead.
/// </summary>
public sealed class ScenarioException(string file, int line, int column, string? key, string problem)
    : Exception(Format(file, line, column, key, problem))
{
    public string File { get; } = file;
    public int Line { get; } = line;
    public int Column { get; } = column;
    public string? Key { get; } = key;
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
