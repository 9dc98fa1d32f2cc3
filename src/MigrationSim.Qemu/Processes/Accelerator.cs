namespace MigrationSim.Qemu.Processes;

/// <summary>How QEMU executes guest code.</summary>
public enum Accelerator
{
    /// <summary>Probe KVM with a short timeout, fall back to TCG.</summary>
    Auto,
    /// <summary>Hardware virtualisation; does not run guests on these (nested) machines.</summary>
    Kvm,
    /// <summary>QEMU's binary translator: slow but works everywhere.</summary>
    Tcg,
}
