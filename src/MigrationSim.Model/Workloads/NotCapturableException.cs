namespace MigrationSim.Model.Workloads;

/// <summary>
/// A workload the capture's guest program cannot run (<see cref="WorkloadSpec.ForGuestProgram"/>):
/// the key under <c>workload:</c> that asks for it, and why.
/// </summary>
public sealed class NotCapturableException(string key, string problem) : Exception($"workload.{key}: {problem}")
{
    /// <summary>The key under <c>workload:</c>, e.g. "kind" or "phases[1].kind".</summary>
    public string Key { get; } = key;

    /// <summary>Why real QEMU cannot reproduce it, and what would be capturable instead.</summary>
    public string Problem { get; } = problem;
}
