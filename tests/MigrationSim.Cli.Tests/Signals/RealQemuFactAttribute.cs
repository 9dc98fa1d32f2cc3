using MigrationSim.Qemu.Processes;

namespace MigrationSim.Cli.Tests.Signals;

/// <summary>A fact that boots QEMU: skipped, naming the install command, when qemu-system-x86_64 is missing, except under CI=true (then it fails).</summary>
public sealed class RealQemuFactAttribute : FactAttribute
{
    public RealQemuFactAttribute() =>
        Skip = !OperatingSystem.IsLinux() ? "capture runs on Linux only"
            : Environment.GetEnvironmentVariable("CI") is "true" || QemuLauncher.TryFindQemu() is not null ? null
            : $"qemu-system-x86_64 not found; install it with: {QemuLauncher.QemuInstallCommand}";
}
