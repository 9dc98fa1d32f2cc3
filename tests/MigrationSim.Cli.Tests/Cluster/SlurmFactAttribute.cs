namespace MigrationSim.Cli.Tests.Cluster;

/// <summary>
/// A fact that needs a real Slurm (Debian's slurm-wlm and munge) and root for the PID namespace of
/// <see cref="SingleNodeSlurm"/>. Skipped with the reason on a developer machine without them; under
/// CI=true it is never skipped (./test.sh installs Slurm), so a missing Slurm fails the build.
/// </summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    public SlurmFactAttribute()
    {
        bool ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!ci && SingleNodeSlurm.WhyUnavailable() is { } reason)
            Skip = $"{reason} (under CI=true this test fails instead)";
    }
}
