using MigrationSim.Kernel;
using MigrationSim.Model.Results;

namespace MigrationSim.Model.Migration;

/// <summary>
/// query-migrate polls at a fixed interval, taken without events of their own: whenever the
/// migration is about to change state at time T, every poll due before T is taken first from
/// the state that held until T (data in flight is credited at its steady rate, so a poll at t
/// reports what was sent by t). A stretch where nothing happens costs nothing but its polls, and
/// a long run is thinned (<see cref="TimelineOptions"/>) so memory and output stay bounded.
/// </summary>
internal sealed class TimelineSampler(SimTime origin, SimTime interval, TimelineOptions options)
{
    private readonly List<MigrationSample> _samples = [];
    private SimTime _interval = interval;
    private SimTime _next = origin;
    private MigrationSample? _last;

    /// <summary>The polls kept: evenly spaced (at <see cref="Interval"/>), then the final one.</summary>
    public IReadOnlyList<MigrationSample> Samples => options.EveryPoll ? (_last is { } l ? [l] : []) : _samples;

    /// <summary>The spacing of the kept polls now (the scenario's interval, doubled at each thinning).</summary>
    public SimTime Interval => _interval;

    /// <summary>A poll is due strictly before <paramref name="before"/>.</summary>
    public bool IsDue(SimTime before) => _next < before;

    /// <summary>Takes every poll due strictly before <paramref name="before"/>.</summary>
    public void CatchUp(SimTime before, Func<SimTime, MigrationSample> take, Action<MigrationSample>? sampled)
    {
        while (_next < before)
        {
            var s = take(_next);
            _next += _interval; // before a thinning doubles the interval: the next poll is then on the new grid
            Keep(s);
            sampled?.Invoke(s);
        }
    }

    /// <summary>The last poll, at the end; no poll follows it.</summary>
    public void Final(MigrationSample sample, Action<MigrationSample>? sampled)
    {
        // The end can be found a moment after it happened (within a nanosecond's rounding): polls past it go.
        while (_samples.Count > 0 && _samples[^1].ElapsedMs > sample.ElapsedMs) _samples.RemoveAt(_samples.Count - 1);
        Keep(sample, final: true);
        sampled?.Invoke(sample);
        _next = SimTime.MaxValue;
    }

    private void Keep(MigrationSample s, bool final = false)
    {
        _last = s;
        if (options.EveryPoll) return;
        _samples.Add(s);
        if (final || _samples.Count < Math.Max(2, options.MaxSamples & ~1)) return;
        // Full: keep the polls at even multiples of the interval and double it. The count is even,
        // so the next poll due is itself an even multiple.
        int kept = 0;
        for (int i = 0; i < _samples.Count; i += 2) _samples[kept++] = _samples[i];
        _samples.RemoveRange(kept, _samples.Count - kept);
        _interval = new SimTime(_interval.Nanoseconds * 2);
    }
}
