namespace MigrationSim.Model.Migration;

/// <summary>QEMU 9.0+'s zero-page-detection: where zero pages are found, if at all.</summary>
public enum ZeroPageDetection
{
    /// <summary>Zero pages are sent in full like any other page.</summary>
    None,
    /// <summary>The migration thread checks each page (QEMU 7.2's only behaviour).</summary>
    Legacy,
    /// <summary>The multifd sender threads check (QEMU 9.0+'s default; the migration thread without multifd).</summary>
    Multifd,
}
