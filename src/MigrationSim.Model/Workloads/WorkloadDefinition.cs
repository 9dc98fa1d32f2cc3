namespace MigrationSim.Model.Workloads;

/// <summary>
/// A workload kind as scenario files name it (<c>workload.kind</c>): its name, what it does, the
/// keys it reads under <c>workload:</c>, how they become its <see cref="WorkloadSpec"/>, and a
/// small example for tests. Each built-in kind is one file in Workloads/Kinds: its spec record
/// carries this definition as <c>public static WorkloadDefinition Definition</c>, and
/// <see cref="WorkloadRegistry.BuiltIn"/> finds it there.
/// </summary>
/// <param name="Name">Lower-case kind name, e.g. "hotspot".</param>
/// <param name="Description">One sentence for help texts and errors.</param>
/// <param name="Options">The keys this kind reads under <c>workload:</c> (besides the ones every kind has: kind, read-ratio, pacing, ...); another kind's key is refused naming that kind.</param>
/// <param name="Parse">Reads the kind's keys into its spec; errors come from <see cref="IWorkloadSettings.Error"/> and name file, line and key.</param>
/// <param name="Example">A spec of this kind over a working set of the given pages at the given mean rate in page writes/s (the policy contract draws one of every kind).</param>
public sealed record WorkloadDefinition(
    string Name,
    string Description,
    IReadOnlyList<WorkloadOption> Options,
    Func<IWorkloadSettings, WorkloadSpec> Parse,
    Func<long, double, WorkloadSpec> Example);
