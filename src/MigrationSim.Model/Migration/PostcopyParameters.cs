namespace MigrationSim.Model.Migration;

/// <summary>The postcopy phase: fault handling on the destination and how the source serves requests.</summary>
public sealed record PostcopyParameters
{
    /// <summary>How a destination fault stalls the guest.</summary>
    public PageFaultMode PageFaults { get; init; } = PageFaultMode.Synchronous;

    /// <summary>Runnable guest tasks (async page faults: the vCPU blocks only when all of them wait for pages).</summary>
    public int GuestTasks { get; init; } = 1;

    /// <summary>Missing pages after a requested one sent with it on the urgent path (prepaging); 0 = only QEMU's own resumption of the background scan there.</summary>
    public int Prepage { get; init; }

    /// <summary>postcopy-preempt (QEMU 7.1+): urgent pages on their own channel, not queued behind background data.</summary>
    public bool Preempt { get; init; }
}
