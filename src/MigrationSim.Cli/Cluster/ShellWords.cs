using System.Text.RegularExpressions;

namespace MigrationSim.Cli.Cluster;

/// <summary>
/// Quotes words for a POSIX shell, so that a printed command can be pasted back as it is and a
/// generated script passes paths with spaces or quotes through unchanged.
/// </summary>
public static partial class ShellWords
{
    [GeneratedRegex(@"^[A-Za-z0-9_./:=,%+@-]+$")]
    private static partial Regex Plain();

    public static string Quote(string word) => Plain().IsMatch(word) ? word : "'" + word.Replace("'", "'\\''") + "'";

    public static string Join(IEnumerable<string> words) => string.Join(' ', words.Select(Quote));
}
