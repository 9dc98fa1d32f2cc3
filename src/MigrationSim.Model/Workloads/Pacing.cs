namespace MigrationSim.Model.Workloads;

/// <summary>What limits how fast the guest writes, which decides how auto-converge's throttle slows it.</summary>
public enum Pacing
{
    /// <summary>The guest writes as fast as its vCPU runs: a throttle of p% cuts the rate to (1 - p).</summary>
    Cpu,

    /// <summary>
    /// The guest writes at a rate set by the clock and catches up after the vCPU sleeps, up to a
    /// maximum lag: the throttle slows it only once its sleeps outlast the lag or the catch-up
    /// outruns the vCPU (QEMU's cpu_throttle sleeps p/(1-p) x 10 ms after every 10 ms of running).
    /// </summary>
    Clock,
}
