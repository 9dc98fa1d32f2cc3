namespace MigrationSim.Qemu.Concurrent;

/// <summary>
/// One link shared by every migration: all QEMUs in one fresh namespace, migrating over its
/// loopback, which a token bucket (tc tbf) limits to <paramref name="BytesPerSecond"/>.
/// </summary>
public sealed record SharedLinkTopology(long BytesPerSecond) : ConcurrentTopology;
