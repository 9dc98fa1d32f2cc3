namespace MigrationSim.Qemu.Capture;

/// <summary>
/// Where a capture's two QEMUs run and meet, and when it may start migrating. The default is a
/// plain capture: both in this process's network namespace, over 127.0.0.1 on a free port,
/// migrating as soon as the guest is ready. Concurrent captures place each pair in the
/// namespaces of a shaped network and hold each migrate until its planned start.
/// </summary>
public sealed record CapturePlacement
{
    /// <summary>Network namespace of the source QEMU ("/proc/PID/ns/net"); null = this process's.</summary>
    public string? SourceNetworkNamespace { get; init; }

    /// <summary>Network namespace of the destination QEMU; null = this process's.</summary>
    public string? DestinationNetworkNamespace { get; init; }

    /// <summary>The address the destination listens on and the source connects to.</summary>
    public string DestinationAddress { get; init; } = "127.0.0.1";

    /// <summary>The destination's port; null = a port free on this machine's loopback now.</summary>
    public int? Port { get; init; }

    /// <summary>Awaited once both guests run their workload and every setting is made, right before migrate.</summary>
    public Func<CancellationToken, Task>? BeforeMigrate { get; init; }
}
