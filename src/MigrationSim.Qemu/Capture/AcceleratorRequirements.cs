using MigrationSim.Qemu.Processes;
using MigrationSim.Traces.Capture;

namespace MigrationSim.Qemu.Capture;

/// <summary>What a capture needs from the accelerator that runs it (this machine runs TCG only).</summary>
public static class AcceleratorRequirements
{
    /// <summary>Why <paramref name="capabilities"/> cannot run under <paramref name="accelerator"/>, or null.</summary>
    public static string? Problem(MigrationCapabilities capabilities, Accelerator accelerator) =>
        capabilities.DirtyLimit && accelerator != Accelerator.Kvm
            ? "dirty-limit needs KVM with its dirty ring (QEMU: \"dirty-limit requires KVM with accelerator property 'dirty-ring-size' set\"); " +
              $"this capture runs under {accelerator.ToString().ToUpperInvariant()}, which has no dirty ring, so dirty-limit cannot be captured or validated here"
            : null;
}
