namespace MigrationSim.Cli.Cluster;

/// <summary>
/// The shipped cluster/slurm/*.sbatch files, embedded in migsim so that an installed tool (no
/// repository checkout) submits exactly the files the repository ships and the tests run.
/// </summary>
public static class SlurmJobFiles
{
    public const string SweepScript = "sweep.sbatch";
    public const string MergeScript = "merge.sbatch";

    /// <summary>The text of a shipped file, byte for byte.</summary>
    public static string Text(string name)
    {
        using var s = typeof(SlurmJobFiles).Assembly.GetManifestResourceStream("cluster/slurm/" + name)
            ?? throw new InvalidOperationException($"cluster/slurm/{name} is not embedded in migsim (see MigrationSim.Cli.csproj)");
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    }

    /// <summary>Writes the shipped sbatch files into <paramref name="dir"/> (executable), returning their paths.</summary>
    public static (string Sweep, string Merge) WriteTo(string dir)
    {
        Directory.CreateDirectory(dir);
        string sweep = Path.Combine(dir, SweepScript), merge = Path.Combine(dir, MergeScript);
        WriteExecutable(sweep, Text(SweepScript));
        WriteExecutable(merge, Text(MergeScript));
        return (sweep, merge);
    }

    public static void WriteExecutable(string path, string text)
    {
        File.WriteAllText(path, text);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                                       | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }
}
