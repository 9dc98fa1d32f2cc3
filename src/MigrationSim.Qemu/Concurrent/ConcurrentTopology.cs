namespace MigrationSim.Qemu.Concurrent;

/// <summary>The bottleneck concurrent migrations share, made on this machine with namespaces and tc.</summary>
public abstract record ConcurrentTopology
{
    /// <summary>net.ipv4.tcp_rmem inside every namespace ("min default max", bytes). With the default receive buffer two flows through one tbf can lock into an 80/20 split for tens of seconds; a larger one gives even shares.</summary>
    public string TcpReceiveBuffer { get; init; } = "4096 1048576 33554432";
}
