namespace MigrationSim.Qemu.Qmp;

/// <summary>What a single line received from QEMU's QMP socket is.</summary>
public enum QmpMessageKind
{
    Greeting,
    Return,
    Error,
    Event,
}
