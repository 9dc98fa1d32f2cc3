using System.Globalization;
using MigrationSim.Kernel;
using MigrationSim.Model.Text;

namespace MigrationSim.Model.Workloads;

/// <summary>Phases in order, cycling; every phase's working set starts at the same page.</summary>
/// <param name="Phases">The phases, at least one, none of them phased.</param>
public sealed record PhasedWorkloadSpec(IReadOnlyList<WorkloadPhase> Phases) : WorkloadSpec
{
    /// <summary>The kinds the capture's guest program runs as phases.</summary>
    private static readonly string[] CapturablePhases = ["idle", "uniform", "sequential"];

    /// <summary><c>kind: phased</c> with <c>phases</c> (each with a duration and its own kind) and a <c>working-set</c> the phases share.</summary>
    public static WorkloadDefinition Definition { get; } = new(
        "phased", "workloads in turn, each for its duration, cycling",
        [
            new("phases", "the phases in order, each a workload with a duration", "[{ kind: uniform, duration: 5s, rate: 20000 pages/s }, { kind: idle, duration: 5s }]"),
            new("working-set", "the working set every phase writes into, unless a phase sets its own", "1GiB"),
        ],
        s =>
        {
            if (s.IsPhase) throw s.Error("kind", "a phase cannot itself be phased");
            return new PhasedWorkloadSpec(s.Phases("phases"));
        },
        (pages, rate) => new PhasedWorkloadSpec([
            new WorkloadPhase(700_000_000, new UniformWorkloadSpec(pages, rate * 2)),
            new WorkloadPhase(300_000_000, new IdleWorkloadSpec())]));

    /// <summary>The largest working set of its phases.</summary>
    public override long WorkingSetPages => Phases.Count == 0 ? 0 : Phases.Max(p => p.Workload.WorkingSetPages);

    /// <summary>The phases' rates weighted by their durations.</summary>
    public override double MeanRatePagesPerSecond
    {
        get
        {
            double total = Phases.Sum(p => (double)p.DurationNanoseconds);
            return total <= 0 ? 0 : Phases.Sum(p => p.DurationNanoseconds * p.Workload.MeanRatePagesPerSecond) / total;
        }
    }

    /// <summary>Each phase's workload on its own stream (NAME.phaseI), started <see cref="WorkloadSpec.WarmupNanoseconds"/> into the cycle.</summary>
    public override Workload Create(long firstPage, RandomStreams streams, string streamName = "workload") =>
        new PhasedWorkload(Phases.Select((ph, i) => (ph.DurationNanoseconds, ph.Workload.Create(firstPage, streams, $"{streamName}.phase{i}"))).ToList(), WarmupNanoseconds);

    /// <inheritdoc/>
    public override string Describe(int pageSizeBytes) =>
        string.Create(CultureInfo.InvariantCulture, $"phased ({Phases.Count} phases, mean {Quantity.Count(MeanRatePagesPerSecond)} pages/s)");

    /// <summary>Occupancy over the largest working set at the mean rate: the phases' order is not modelled.</summary>
    public override double FluidDistinctPages(double seconds) => Occupancy.DistinctPages(WorkingSetPages, MeanRatePagesPerSecond * seconds);

    /// <summary>The guest program's phased mode; it runs idle, uniform and sequential phases only.</summary>
    public override GuestProgramWorkload ForGuestProgram() => new("phased", 0)
    {
        Phases = [.. Phases.Select((p, k) =>
        {
            var inner = p.Workload.ForGuestProgram();
            if (!CapturablePhases.Contains(inner.Kind))
                throw new NotCapturableException($"phases[{k}].kind", $"the guest program runs {string.Join(", ", CapturablePhases)} phases only, not {inner.Kind}");
            return new GuestProgramPhase(inner.Kind, p.DurationNanoseconds / 1e9, inner.RatePagesPerSecond);
        })],
    };

    /// <summary>Equal when the base settings and every phase are equal (a list compares by reference otherwise).</summary>
    public bool Equals(PhasedWorkloadSpec? other) => base.Equals(other) && Phases.SequenceEqual(other!.Phases);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Phases.Count);
}
