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

    private static string Format(string file, int line, int column, string? key, string problem)
    {
        string where = line > 0 ? $"{file}:{line}:{column}" : file;
        return key is null ? $"{where}: {problem}" : $"{where}: {key}: {problem}";
    }
}
