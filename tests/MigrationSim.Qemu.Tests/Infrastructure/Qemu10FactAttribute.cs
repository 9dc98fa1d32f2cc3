using MigrationSim.Qemu.Guest;
using MigrationSim.Qemu.Installations;
using MigrationSim.Qemu.Processes;

namespace MigrationSim.Qemu.Tests.Infrastructure;

/// <summary>
/// A fact that runs QEMU 10.0 from the Debian 13 root (built on first use with debootstrap, a
/// few minutes). Skipped on a developer machine without debootstrap and without a built root;
/// under CI=true it is never skipped, so a QEMU 10 that cannot be obtained fails the build.
/// </summary>
public sealed class Qemu10FactAttribute : FactAttribute
{
    public Qemu10FactAttribute()
    {
        bool ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        bool obtainable = new DebianQemuRoot(CacheDirectory.Default).IsReady || File.Exists("/usr/sbin/debootstrap") || File.Exists("/usr/bin/debootstrap");
        if (!ci && (!obtainable || QemuLauncher.TryFindQemu() is null))
            Skip = $"QEMU 10.0 needs debootstrap to build its root ({DebianQemuRoot.DebootstrapInstallCommand}) and gcc/QEMU 7.2 for the guest and probe (under CI=true this test fails instead)";
    }
}
