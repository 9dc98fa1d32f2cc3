namespace MigrationSim.Traces.Capture;

/// <summary>The guest workload's page-choice pattern; names match migsim.kind on the kernel command line.</summary>
public enum GuestWorkloadKind
{
    Idle,
    Uniform,
    Hotspot,
    Sequential,
    Zipf,
    Phased,
}
