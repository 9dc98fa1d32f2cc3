namespace MigrationSim.Cli.Tests.Examples;

/// <summary>
/// An example's expected output, after SimGrid's .tesh files: '#' lines are comments, the '$' line
/// is the command (run from the repository root; $TMP stands for a fresh folder), and each '>'
/// line is one line the command must print, exactly.
/// </summary>
public sealed record TeshFile(string Path, IReadOnlyList<string> Command, IReadOnlyList<string> Expected)
{
    public const string TempToken = "$TMP";

    public static TeshFile Read(string path)
    {
        string[]? command = null;
        var expected = new List<string>();
        foreach (var (line, i) in File.ReadAllLines(path).Select((l, i) => (l, i + 1)))
        {
            if (line.StartsWith("$ ", StringComparison.Ordinal))
            {
                if (command is not null) throw new InvalidDataException($"{path}:{i}: one command per file");
                command = line[2..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            }
            else if (line == ">" || line.StartsWith("> ", StringComparison.Ordinal)) expected.Add(line.Length > 2 ? line[2..] : "");
            else if (line.Length > 0 && !line.StartsWith('#')) throw new InvalidDataException($"{path}:{i}: expected '# comment', '$ command' or '> output'");
        }
        return new TeshFile(path, command ?? throw new InvalidDataException($"{path}: no '$ command' line"), expected);
    }

    /// <summary>The file with <paramref name="output"/> as its expected lines (comments and command kept).</summary>
    public string WithOutput(IEnumerable<string> output)
    {
        var head = File.ReadAllLines(Path).Where(l => !(l == ">" || l.StartsWith("> ", StringComparison.Ordinal)));
        return string.Join('\n', head.Concat(output.Select(o => o.Length == 0 ? ">" : "> " + o))) + "\n";
    }
}
