namespace MigrationSim.Qemu.Tests.Infrastructure;

/// <summary>
/// A fact that makes network namespaces, veth pairs and tc qdiscs, which needs root. Skipped for
/// other users on a developer machine; under CI=true (which runs as root) it is never skipped.
/// </summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        bool ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!ci && Environment.UserName != "root")
            Skip = "needs root (network namespaces and tc); under CI=true this test fails instead";
    }
}
