using MigrationSim.Kernel;
using MigrationSim.Model.Guests;
using MigrationSim.Model.Memory;
using MigrationSim.Model.Network;
using MigrationSim.Model.Results;

namespace MigrationSim.Model.Migration;

/// <summary>
/// Entry point for one migration on a dedicated link: a fresh simulator, the guest, the path,
/// one <see cref="MigrationProcess"/>, run to its end. Fleets and custom set-ups build the same
/// pieces on a shared simulator instead.
/// </summary>
public static class MigrationSimulation
{
    /// <summary>Runs <paramref name="input"/> on a fresh simulator to its end.</summary>
    public static MigrationResult Run(SimulationInput input) => Run(input, _ => { });

    /// <param name="input">What to simulate.</param>
    /// <param name="observe">Called with the started process before the clock runs (subscribe to its events there).</param>
    /// <param name="ct">Stops the run between two events.</param>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled before the migration ended.</exception>
    public static MigrationResult Run(SimulationInput input, Action<MigrationProcess> observe, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return RunToEnd(input, null, observe, ct);
    }

    /// <inheritdoc cref="Run(SimulationInput, Action{MigrationProcess}, CancellationToken)"/>
    public static MigrationResult Run(SimulationInput input, CancellationToken ct) => Run(input, _ => { }, ct);

    /// <summary>
    /// Runs <paramref name="input"/> as <see cref="Run(SimulationInput, CancellationToken)"/> does, with its page bitmaps taken
    /// from <paramref name="arena"/> and given back, cleared, when the result is made (or the run fails or is cancelled):
    /// nothing of the run but its result outlives this call, so the next run may reuse them. The result is the same
    /// as with new bitmaps (a cleared bitmap reads as a new one).
    /// </summary>
    /// <exception cref="InvalidOperationException"><paramref name="arena"/> is in use by another run (one arena per worker).</exception>
    public static MigrationResult Run(SimulationInput input, PageBitmapArena arena, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(arena);
        arena.Open();
        try
        {
            return RunToEnd(input, arena, _ => { }, ct);
        }
        finally
        {
            arena.Close();
        }
    }

    private static MigrationResult RunToEnd(SimulationInput input, PageBitmapArena? arena, Action<MigrationProcess> observe, CancellationToken ct)
    {
        var sim = new Simulator();
        var process = Start(sim, input, arena);
        observe(process);
        sim.Run(() => process.IsFinished || ct.IsCancellationRequested);
        ct.ThrowIfCancellationRequested();
        return process.Result ?? throw new InvalidOperationException($"{input.Name}: the simulation ran out of events before the migration ended");
    }

    /// <summary>Creates the guest and its dedicated path and starts the migration on <paramref name="simulator"/> now.</summary>
    public static MigrationProcess Start(Simulator simulator, SimulationInput input) => Start(simulator, input, null);

    private static MigrationProcess Start(Simulator simulator, SimulationInput input, PageBitmapArena? arena)
    {
        var streams = new RandomStreams(input.Seed);
        var guest = Guest.Create(input.Name, input.Guest, input.Workload, input.Host, streams, input.Audit, arena);
        // multifd: the CPU-bound speeds grow with the cores the channel threads use, up to the network's.
        double speedup = input.Host.MultifdSpeedup(input.Settings.Parameters);
        double network = input.Link.BandwidthBytesPerSecond;
        double Boost(double cpuBound) => speedup > 1 ? Math.Max(cpuBound, Math.Min(cpuBound * speedup, network)) : cpuBound;
        var link = input.Host.EffectiveBandwidthBytesPerSecond is { } effective ? input.Link with { BandwidthBytesPerSecond = Boost(effective) } : input.Link;
        var path = new DedicatedPath(link, input.Host.StoppedBandwidthBytesPerSecond is { } stopped ? Boost(stopped) : null);
        return MigrationProcess.Start(simulator, guest, path, input.Settings, streams);
    }
}
