using System.Diagnostics;
using System.Text.RegularExpressions;

namespace MigrationSim.Reporting.Staging;

/// <summary>
/// Names of the temporary siblings an output is written into before it is moved into place:
/// <c>.NAME.tmp-PID-GUID</c> (being written) and <c>.NAME.old-PID-GUID</c> (the previous output,
/// set aside while the new one moves in). The writer's process id in the name tells a stale
/// sibling, left by a killed process, from one still being written.
/// </summary>
public static partial class StagingName
{
    [GeneratedRegex(@"^\.(?<name>.+)\.(?<kind>tmp|old)-(?<pid>\d{1,10})-[0-9a-f]{32}$")]
    private static partial Regex Pattern();

    public static string Temporary(string target) => Sibling(target, "tmp");

    public static string SetAside(string target) => Sibling(target, "old");

    private static string Sibling(string target, string kind)
    {
        string full = Path.GetFullPath(target);
        return Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{kind}-{Environment.ProcessId}-{Guid.NewGuid():N}");
    }

    /// <summary>
    /// Removes what killed migsim processes left in <paramref name="folder"/>: staging files and
    /// folders are deleted; a set-aside output whose replacement never arrived is put back.
    /// Returns the entries it handled. Entries of live processes are left alone.
    /// </summary>
    public static IReadOnlyList<string> CleanStale(string folder)
    {
        var handled = new List<string>();
        if (!Directory.Exists(folder)) return handled;
        IEnumerable<string> entries;
        try { entries = Directory.EnumerateFileSystemEntries(folder, ".*").ToList(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return handled; }
        // Set-aside outputs are handled after the staging ones, so a half-moved pair resolves to the old output.
        foreach (string entry in entries.OrderBy(e => Pattern().Match(Path.GetFileName(e)).Groups["kind"].Value == "old"))
        {
            var m = Pattern().Match(Path.GetFileName(entry));
            if (!m.Success || !int.TryParse(m.Groups["pid"].Value, out int pid) || IsAlive(pid)) continue;
            try
            {
                string target = Path.Combine(folder, m.Groups["name"].Value);
                if (m.Groups["kind"].Value == "old" && !Path.Exists(target))
                    Directory.Move(entry, target);
                else if (Directory.Exists(entry))
                    Directory.Delete(entry, recursive: true);
                else
                    File.Delete(entry);
                handled.Add(entry);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Not ours to fight over (permissions, a busy file): the next run tries again.
            }
        }
        return handled;
    }

    private static bool IsAlive(int pid)
    {
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
