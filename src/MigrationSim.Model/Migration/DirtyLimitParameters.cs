using MigrationSim.Kernel;

namespace MigrationSim.Model.Migration;

/// <summary>
/// QEMU 8.1+'s dirty-limit capability: each vCPU is throttled to a dirty rate through KVM's
/// dirty ring, instead of auto-converge's sleeps. Defaults are QEMU's. Plain data for now: the
/// engine does not model it yet, and TCG has no dirty ring, so captures here cannot validate it.
/// </summary>
public sealed record DirtyLimitParameters
{
    /// <summary>vcpu-dirty-limit in bytes/s per vCPU (QEMU takes whole "MB/s", which are MiB/s; default 1).</summary>
    public double VcpuDirtyLimitBytesPerSecond { get; init; } = 1 << 20;

    /// <summary>x-vcpu-dirty-limit-period: how often the limit is re-evaluated (1-1000 ms, default 1000 ms).</summary>
    public SimTime Period { get; init; } = SimTime.FromMilliseconds(1000);
}
