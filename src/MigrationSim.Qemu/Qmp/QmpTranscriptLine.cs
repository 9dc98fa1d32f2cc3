namespace MigrationSim.Qemu.Qmp;

/// <summary>One line exchanged on a QMP socket, kept when transcript recording is on.</summary>
/// <param name="Sent">True for a line this client sent, false for one QEMU sent.</param>
/// <param name="Utc">When the line was sent or read.</param>
/// <param name="Json">The line as it crossed the socket, without its line terminator.</param>
public sealed record QmpTranscriptLine(bool Sent, DateTimeOffset Utc, string Json);
