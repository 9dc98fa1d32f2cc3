namespace MigrationSim.Qemu.Capture;

/// <summary>The guest workload's page-choice pattern; names match migsim.kind on the kernel command line.</summary>
public enum WorkloadKind
{
    Idle,
    Uniform,
    Hotspot,
    Sequential,
    Zipf,
    Phased,
}
