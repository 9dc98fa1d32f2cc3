using System.Text.RegularExpressions;

namespace MigrationSim.Qemu.Processes;

/// <summary>
/// Private temporary folders (QMP sockets, serial logs, image builds) named
/// <c>migsim-KIND-PID-RANDOM</c> under the system temp folder. A migsim killed outright cannot
/// remove its own, so each new one first removes those whose process is gone.
/// </summary>
internal static partial class WorkFolder
{
    [GeneratedRegex(@"^migsim-[a-z]+-(?<pid>\d{1,10})-[^-]+$")]
    private static partial Regex Pattern();

    public static string Create(string kind)
    {
        CleanStale();
        return Directory.CreateTempSubdirectory($"migsim-{kind}-{Environment.ProcessId}-").FullName;
    }

    /// <summary>Removes the work folders of processes that no longer run; returns them.</summary>
    public static IReadOnlyList<string> CleanStale()
    {
        var removed = new List<string>();
        foreach (string dir in Directory.EnumerateDirectories(Path.GetTempPath(), "migsim-*"))
        {
            var m = Pattern().Match(Path.GetFileName(dir));
            if (!m.Success || !int.TryParse(m.Groups["pid"].Value, out int pid) || pid == Environment.ProcessId || Directory.Exists($"/proc/{pid}"))
                continue;
            try
            {
                Directory.Delete(dir, recursive: true);
                removed.Add(dir);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another user's, or busy: left alone.
            }
        }
        return removed;
    }
}
