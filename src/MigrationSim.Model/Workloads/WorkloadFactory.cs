using MigrationSim.Kernel;

namespace MigrationSim.Model.Workloads;

public static class WorkloadFactory
{
    /// <summary>Builds the running workload; its working set starts at <paramref name="firstPage"/>.</summary>
    public static Workload Create(WorkloadSpec spec, long firstPage, RandomStreams streams, string streamName = "workload") => spec switch
    {
        IdleWorkloadSpec => new IdleWorkload(),
        UniformWorkloadSpec u => new UniformWorkload(firstPage, u, streams.Get(streamName)),
        HotspotWorkloadSpec h => new HotspotWorkload(firstPage, h, streams.Get(streamName)),
        SequentialWorkloadSpec s => new SequentialWorkload(firstPage, s),
        ZipfWorkloadSpec z => new ZipfWorkload(firstPage, z, streams.Get(streamName)),
        PhasedWorkloadSpec p => new PhasedWorkload(p.Phases
            .Select((ph, i) => (ph.DurationNanoseconds, Create(ph.Workload, firstPage, streams, $"{streamName}.phase{i}")))
            .ToList(), p.WarmupNanoseconds),
        _ => throw new ArgumentException($"unknown workload {spec.GetType().Name}", nameof(spec)),
    };
}
