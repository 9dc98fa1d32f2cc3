namespace MigrationSim.Reporting.Staging;

/// <summary>
/// An output folder replaced as a whole or left as it was: files are written into a temporary
/// sibling (<see cref="Path"/>), and <see cref="Commit"/> swaps it in with renames, so a failure,
/// an interrupt or a kill never leaves old and new files side by side (no stale faults.csv beside
/// a new summary). Because the old folder goes as a whole, a folder holding files migsim did not
/// write is refused up front (<see cref="Problem"/>) rather than deleted: --out . or --out ~
/// must not cost the user their files. Disposing without committing removes the staging folder.
/// </summary>
public sealed class StagedFolder : IDisposable
{
    private bool _committed;

    private StagedFolder(string target, string staging)
    {
        Target = target;
        Path = staging;
    }

    /// <summary>The folder that receives the output.</summary>
    public string Target { get; }

    /// <summary>The temporary folder to write into.</summary>
    public string Path { get; }

    /// <summary>
    /// Why <paramref name="target"/> cannot receive an output whose files <paramref name="isOutput"/>
    /// recognises (by name), or null when it can: it is new, empty, or an earlier output of the same kind.
    /// </summary>
    public static string? Problem(string target, Func<string, bool> isOutput)
    {
        if (string.IsNullOrWhiteSpace(target)) return "the folder name is empty";
        string full = System.IO.Path.GetFullPath(target);
        if (System.IO.Path.GetDirectoryName(full) is null) return $"'{target}' is the root folder; give a folder of its own for the results";
        if (File.Exists(full)) return $"'{target}' is a file; give a folder";
        for (string? up = System.IO.Path.GetDirectoryName(full); up is not null; up = System.IO.Path.GetDirectoryName(up))
        {
            if (File.Exists(up)) return $"'{up}' is a file, so '{target}' cannot be a folder";
            if (Directory.Exists(up)) break;
        }
        if (!Directory.Exists(full)) return null;
        List<string> foreign;
        try
        {
            foreign = Directory.EnumerateFileSystemEntries(full)
                .Where(e => Directory.Exists(e) || !isOutput(System.IO.Path.GetFileName(e)))
                .Select(System.IO.Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot list '{target}': {e.Message}";
        }
        if (foreign.Count == 0) return null;
        string shown = string.Join(", ", foreign.Take(3)) + (foreign.Count > 3 ? $" and {foreign.Count - 3} more" : "");
        return $"'{target}' holds files migsim did not write there ({shown}); the output replaces its folder as a whole, " +
               "so give a new or empty folder, or the folder of an earlier output of this command";
    }

    /// <summary>Checks <paramref name="target"/> again, removes stale staging beside it, and creates the staging folder.</summary>
    /// <exception cref="IOException">The target became unusable since it was checked, or the staging folder cannot be made.</exception>
    public static StagedFolder Begin(string target, Func<string, bool> isOutput)
    {
        string full = System.IO.Path.GetFullPath(target);
        string parent = System.IO.Path.GetDirectoryName(full) ?? throw new IOException($"'{target}' is the root folder");
        Directory.CreateDirectory(parent);
        StagingName.CleanStale(parent);
        if (Problem(full, isOutput) is { } problem) throw new IOException(problem);
        string staging = StagingName.Temporary(full);
        Directory.CreateDirectory(staging);
        return new StagedFolder(full, staging);
    }

    /// <summary>Moves the staging folder into place; the previous output is set aside first and deleted after, or put back if the move fails.</summary>
    public void Commit()
    {
        if (!Directory.Exists(Target))
        {
            Directory.Move(Path, Target);
            _committed = true;
            return;
        }
        string old = StagingName.SetAside(Target);
        Directory.Move(Target, old);
        try
        {
            Directory.Move(Path, Target);
        }
        catch
        {
            Directory.Move(old, Target);
            throw;
        }
        _committed = true;
        try { Directory.Delete(old, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The new output is in place; the next output beside it removes the leftover (StagingName.CleanStale).
        }
    }

    public void Dispose()
    {
        if (_committed) return;
        try
        {
            if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for StagingName.CleanStale once this process has ended.
        }
    }
}
