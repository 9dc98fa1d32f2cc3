namespace MigrationSim.Model.Results;

/// <summary>
/// One destination page fault under postcopy: when the guest touched a page it did not have,
/// which page, and how long the faulting task (or vCPU) waited for it. <see cref="Joined"/>
/// is true when a request for the page was already outstanding (no second request is sent).
/// </summary>
public sealed record FaultRecord(double TimeMs, long Page, double LatencyMs, bool Joined);
