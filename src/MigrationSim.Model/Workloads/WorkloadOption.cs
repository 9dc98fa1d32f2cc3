namespace MigrationSim.Model.Workloads;

/// <summary>A key a workload kind reads under <c>workload:</c>, with what it means and an example value, for help texts and errors.</summary>
public sealed record WorkloadOption(string Key, string Description, string Example);
