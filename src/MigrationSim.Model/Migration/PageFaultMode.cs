namespace MigrationSim.Model.Migration;

/// <summary>How the destination guest waits for a page that has not arrived (postcopy).</summary>
public enum PageFaultMode
{
    /// <summary>The vCPU stalls until the page arrives.</summary>
    Synchronous,

    /// <summary>Async page fault: only the faulting guest task sleeps; the vCPU runs the other runnable tasks and the task is woken when the page arrives.</summary>
    Asynchronous,
}
