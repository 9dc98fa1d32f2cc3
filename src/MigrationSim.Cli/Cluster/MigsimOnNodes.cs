namespace MigrationSim.Cli.Cluster;

/// <summary>
/// How the compute nodes start migsim: a two-line shell script (exported to the jobs as MIGSIM)
/// that execs this very migsim (the apphost, or `dotnet migsim.dll`), or the command given with
/// --migsim. A script rather than a command line in an environment variable keeps paths with
/// spaces intact, and the sbatch files stay plain: "$MIGSIM" sweep ...
/// </summary>
public static class MigsimOnNodes
{
    public const string FileName = "migsim";

    /// <summary>The command that started this process, as words: the apphost, or dotnet + migsim.dll.</summary>
    public static IReadOnlyList<string> ThisMigsim()
    {
        string? exe = Environment.ProcessPath;
        string dll = typeof(MigsimOnNodes).Assembly.Location;
        if (exe is not null && Path.GetFileNameWithoutExtension(exe) == "migsim") return [exe];
        // `dotnet migsim.dll`, or a host such as the test runner: start the same dll with dotnet.
        string dotnet = exe is not null && Path.GetFileNameWithoutExtension(exe) == "dotnet"
            ? exe
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        return [dotnet, dll];
    }

    /// <summary>Writes the launcher script into <paramref name="dir"/> and returns its path.</summary>
    public static string Write(string dir, IReadOnlyList<string> command)
    {
        string path = Path.Combine(dir, FileName);
        SlurmJobFiles.WriteExecutable(path,
            "#!/bin/sh\n" +
            "# How the Slurm jobs start migsim (written by `migsim cluster slurm`; the nodes must see this path).\n" +
            $"exec {ShellWords.Join(command)} \"$@\"\n");
        return path;
    }
}
