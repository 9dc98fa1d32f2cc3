namespace MigrationSim.Qemu.Processes;

/// <summary>Looks a program up on PATH the way a shell would.</summary>
internal static class ExecutableSearch
{
    public static string? Find(string program)
    {
        if (program.Contains('/'))
            return File.Exists(program) ? program : null;
        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate) && (File.GetUnixFileMode(candidate) & UnixFileMode.UserExecute) != 0)
                return candidate;
        }

        return null;
    }
}
