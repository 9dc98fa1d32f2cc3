namespace MigrationSim.Traces.Format;

/// <summary>A capture folder's file is missing or corrupt; says which file, which line, and what was expected.</summary>
public sealed class TraceFormatException : Exception
{
    public TraceFormatException(string file, int? line, string problem, Exception? inner = null)
        : base($"{file}{(line is null ? "" : $":{line}")}: {problem}", inner)
    {
        File = file;
        Line = line;
    }

    public string File { get; }

    /// <summary>1-based line number, when the problem is on one line.</summary>
    public int? Line { get; }
}
