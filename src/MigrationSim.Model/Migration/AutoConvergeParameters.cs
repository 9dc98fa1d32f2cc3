namespace MigrationSim.Model.Migration;

/// <summary>QEMU's auto-converge capability and its parameters (percentages, as QEMU takes them).</summary>
public sealed record AutoConvergeParameters
{
    /// <summary>The auto-converge capability.</summary>
    public bool Enabled { get; init; }

    /// <summary>throttle-trigger-threshold: dirtied bytes above this % of sent bytes in a period count as "too fast".</summary>
    public int TriggerThresholdPercent { get; init; } = 50;

    /// <summary>cpu-throttle-initial.</summary>
    public int InitialPercent { get; init; } = 20;

    /// <summary>cpu-throttle-increment.</summary>
    public int IncrementPercent { get; init; } = 10;

    /// <summary>cpu-throttle-tailslow: smaller increments near the throttle that would just suffice.</summary>
    public bool Tailslow { get; init; }

    /// <summary>max-cpu-throttle.</summary>
    public int MaxPercent { get; init; } = 99;
}
