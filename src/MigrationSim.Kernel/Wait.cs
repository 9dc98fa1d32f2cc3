namespace MigrationSim.Kernel;

/// <summary>
/// Something a <see cref="Process"/> waits for: it yields a wait, and the simulator resumes it
/// when the wait is over. Two kinds exist: a point on the clock (<see cref="Simulator.Delay"/>,
/// <see cref="Simulator.Until"/>) and a <see cref="Signal"/> that another part of the model
/// triggers (a transfer ending, a page arriving).
/// </summary>
public abstract class Wait
{
    /// <summary>Arranges for <paramref name="process"/> to be resumed when this wait is over.</summary>
    internal abstract void Subscribe(Process process);
}

/// <summary>A wait that ends at a fixed time.</summary>
internal sealed class Timeout(SimTime at) : Wait
{
    public SimTime At { get; } = at;

    internal override void Subscribe(Process process) => process.ResumeAt(At);
}
