using MigrationSim.Qemu.Capture;
using MigrationSim.Qemu.Guest;

namespace MigrationSim.Qemu.Processes;

/// <summary>
/// Decides between KVM and TCG by booting a tiny guest under KVM and waiting a short time for
/// the workload's ready line on serial. On nested-virtualisation hosts /dev/kvm exists but the
/// guest hangs, so "QEMU started" proves nothing; only guest output does. The verdict is cached
/// per host boot (/proc/sys/kernel/random/boot_id) because it cannot change until a reboot.
/// </summary>
public static class AcceleratorProbe
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(6);

    /// <summary>Returns the accelerator to use and why.</summary>
    public static async Task<(Accelerator Accelerator, string Reason)> ResolveAsync(
        GuestImage image, string cacheDirectory, TimeSpan? timeout, CancellationToken ct, Installations.QemuBinary? qemu = null)
    {
        if (!File.Exists("/dev/kvm"))
            return (Accelerator.Tcg, "/dev/kvm does not exist");

        string bootId = File.Exists("/proc/sys/kernel/random/boot_id")
            ? (await File.ReadAllTextAsync("/proc/sys/kernel/random/boot_id", ct)).Trim()
            : "unknown-boot";
        var verdictFile = Path.Combine(cacheDirectory, "accelerator", bootId);
        if (File.Exists(verdictFile))
        {
            var lines = await File.ReadAllLinesAsync(verdictFile, ct);
            if (lines.Length >= 2 && Enum.TryParse<Accelerator>(lines[0], out var cached))
                return (cached, lines[1] + " (cached for this host boot)");
        }

        var (accelerator, reason) = await ProbeKvmAsync(image, timeout ?? DefaultTimeout, qemu, ct);
        CacheDirectory.WriteAtomically(verdictFile, System.Text.Encoding.UTF8.GetBytes($"{accelerator}\n{reason}\n"));
        return (accelerator, reason);
    }

    private static async Task<(Accelerator, string)> ProbeKvmAsync(GuestImage image, TimeSpan timeout, Installations.QemuBinary? binary, CancellationToken ct)
    {
        var work = WorkFolder.Create("probe");
        try
        {
            var options = new QemuLaunchOptions(
                "probe", work, 128, image.KernelPath, image.InitramfsPath,
                "console=ttyS0 quiet panic=-1 no_timer_check migsim.kind=idle", Accelerator.Kvm, Qemu: binary);
            QemuProcess qemu;
            try
            {
                qemu = await QemuLauncher.StartAsync(options, ct, timeout);
            }
            catch (InvalidOperationException ex)
            {
                return (Accelerator.Tcg, "KVM unusable: " + ex.Message);
            }
            catch (TimeoutException)
            {
                return (Accelerator.Tcg, $"KVM guest's QMP did not answer within {timeout.TotalSeconds:0.#} s");
            }

            await using (qemu)
            {
                var serial = new SerialLogWatcher(options.SerialLogPath);
                var ready = await serial.WaitForLineAsync(
                    l => l.Contains(SerialLogWatcher.ReadyMarker, StringComparison.Ordinal), 0, timeout, () => !qemu.HasExited, ct);
                return ready is not null
                    ? (Accelerator.Kvm, "KVM guest reached its workload")
                    : (Accelerator.Tcg, $"KVM guest printed no ready line within {timeout.TotalSeconds:0.#} s (nested virtualisation?)");
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
