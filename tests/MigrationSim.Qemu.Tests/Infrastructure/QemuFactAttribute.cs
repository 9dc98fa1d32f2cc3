using MigrationSim.Qemu.Processes;

namespace MigrationSim.Qemu.Tests.Infrastructure;

/// <summary>
/// A fact that needs qemu-system-x86_64. Skipped with the install command when QEMU is missing on
/// a developer machine; under CI=true it is never skipped, so a missing QEMU fails the build.
/// </summary>
public sealed class QemuFactAttribute : FactAttribute
{
    public QemuFactAttribute()
    {
        bool ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!ci && QemuLauncher.TryFindQemu() is null)
            Skip = $"qemu-system-x86_64 not found on PATH; install it with: {QemuLauncher.QemuInstallCommand} (under CI=true this test fails instead)";
    }
}
