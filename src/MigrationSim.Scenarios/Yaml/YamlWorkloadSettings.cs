using MigrationSim.Model.Workloads;
using MigrationSim.Scenarios.Limits;
using MigrationSim.Scenarios.Units;

namespace MigrationSim.Scenarios.Yaml;

/// <summary>
/// A workload's keys read from a scenario's <c>workload:</c> section (or one of its phases), with
/// the units and error locations of scenario files. Phases are read by <paramref name="readPhase"/>,
/// the loader's own workload reader, so a phase is checked like a workload.
/// </summary>
/// <param name="section">The mapping.</param>
/// <param name="pageSizeBytes">The guest's page size: sizes and byte rates become pages.</param>
/// <param name="inheritedWorkingSetPages">A phase's default working set: its phased workload's.</param>
/// <param name="isPhase">The mapping is a phase.</param>
/// <param name="readPhase">Reads one phase's mapping (its kind and keys) given the working set it inherits.</param>
internal sealed class YamlWorkloadSettings(YamlSection section, int pageSizeBytes, long? inheritedWorkingSetPages, bool isPhase,
    Func<YamlSection, long?, WorkloadSpec> readPhase) : IWorkloadSettings
{
    public bool IsPhase => isPhase;

    public long WorkingSetPages() => OwnWorkingSetPages() ?? inheritedWorkingSetPages ?? throw Missing("working-set", "1GiB");

    public double RatePagesPerSecond()
    {
        double rate = section.Parse<double>("rate", (string t, out string e) => UnitParser.ParsePageRate(t, pageSizeBytes, out e))
            ?? throw Missing("rate", "20000 pages/s");
        if (rate < 0) throw Error("rate", "must be zero or more");
        return rate;
    }

    public double? Number(string key, double min, double max) => section.Number(key, min, max);

    public IReadOnlyList<WorkloadPhase> Phases(string key)
    {
        var list = section.SectionList(key);
        if (list.Count == 0) throw Missing(key, "[{ kind: uniform, duration: 5s, rate: 20000 pages/s }, { kind: idle, duration: 5s }]");
        if (list.Count > InputLimits.MaxPhases)
            throw section.Error(list[InputLimits.MaxPhases].Node, key, $"{list.Count} phases; at most {InputLimits.MaxPhases}");
        long? shared = OwnWorkingSetPages() ?? inheritedWorkingSetPages;
        var phases = new List<WorkloadPhase>(list.Count);
        foreach (var ps in list)
        {
            long duration = ps.Required<long>("duration", UnitParser.ParseDuration, "5s");
            if (duration < InputLimits.MinPhaseDuration.Nanoseconds)
                throw ps.Error(ps.Scalar("duration")!, "duration", $"must be at least {InputLimits.MinPhaseDuration}");
            phases.Add(new WorkloadPhase(duration, readPhase(ps, shared)));
        }
        return phases;
    }

    public Exception Missing(string key, string example) => section.Missing(key, example);

    public Exception Error(string? key, string problem) =>
        key is null ? section.ErrorHere(problem) : section.Error((YamlDotNet.RepresentationModel.YamlNode?)section.Scalar(key) ?? section.Node, key, problem);

    private long? OwnWorkingSetPages()
    {
        long? bytes = section.Parse<long>("working-set", UnitParser.ParseSize);
        if (bytes is <= 0) throw Error("working-set", "must be greater than zero");
        return bytes is { } b ? (b + pageSizeBytes - 1) / pageSizeBytes : null;
    }
}
