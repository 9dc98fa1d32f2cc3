namespace MigrationSim.Qemu.Concurrent;

/// <summary>
/// One link shared by every migration: all QEMUs in one fresh namespace, migrating over its
/// loopback, which a token bucket (tc tbf) limits to <paramref name="BytesPerSecond"/>.
/// </summary>
public sealed record SharedLinkTopology(long BytesPerSecond) : ConcurrentTopology
{
    /// <summary>"shared link 24.0 MiB/s", as the capture log shows it.</summary>
    public override string ToString() => FormattableString.Invariant($"shared link {BytesPerSecond / 1048576.0:0.0} MiB/s");
}
