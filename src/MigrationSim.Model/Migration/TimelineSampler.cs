using MigrationSim.Kernel;
using MigrationSim.Model.Results;

namespace MigrationSim.Model.Migration;

/// <summary>
/// query-migrate polls at a fixed interval, taken without events of their own: whenever the
/// migration is about to change state at time T, every poll due before T is taken first from
/// the state that held until T (data in flight is credited at its steady rate, so a poll at t
/// reports what was sent by t). A stretch where nothing happens costs nothing but its polls.
/// </summary>
internal sealed class TimelineSampler(SimTime origin, SimTime interval)
{
    private readonly List<MigrationSample> _samples = [];
    private SimTime _next = origin;

    public IReadOnlyList<MigrationSample> Samples => _samples;

    /// <summary>Takes every poll due strictly before <paramref name="before"/>.</summary>
    public void CatchUp(SimTime before, Func<SimTime, MigrationSample> take, Action<MigrationSample>? sampled)
    {
        while (_next < before)
        {
            var s = take(_next);
            _samples.Add(s);
            sampled?.Invoke(s);
            _next += interval;
        }
    }

    /// <summary>The last poll, at the end; no poll follows it.</summary>
    public void Final(MigrationSample sample, Action<MigrationSample>? sampled)
    {
        // The end can be found a moment after it happened (within a nanosecond's rounding): polls past it go.
        while (_samples.Count > 0 && _samples[^1].ElapsedMs > sample.ElapsedMs) _samples.RemoveAt(_samples.Count - 1);
        _samples.Add(sample);
        sampled?.Invoke(sample);
        _next = SimTime.MaxValue;
    }
}
