using MigrationSim.Kernel;
using MigrationSim.Model.Memory;

namespace MigrationSim.Model.Workloads;

/// <summary>Two uniform regions: the hot head of the working set and the cold rest.</summary>
public sealed class HotspotWorkload : Workload
{
    private readonly long _firstPage;
    private readonly HotspotWorkloadSpec _spec;
    private readonly RandomStream _rng;
    private readonly long _hotPages;

    /// <summary>Hotspot writes over the working set starting at <paramref name="firstPage"/>, drawn from <paramref name="rng"/>.</summary>
    public HotspotWorkload(long firstPage, HotspotWorkloadSpec spec, RandomStream rng)
    {
        _firstPage = firstPage;
        _spec = spec;
        _rng = rng;
        _hotPages = Math.Clamp((long)Math.Round(spec.Pages * spec.HotFraction), 1, spec.Pages);
    }

    /// <inheritdoc/>
    public override AccessPattern? AccessPatternAt(SimTime t) => _access ??= new HotspotAccess(_firstPage, _spec.Pages, _hotPages, _spec.HotShare);

    private HotspotAccess? _access;

    /// <inheritdoc/>
    public override double WriteRateAt(SimTime t) => _spec.RatePagesPerSecond;

    /// <inheritdoc/>
    public override double MaxWriteRate => _spec.RatePagesPerSecond;

    /// <inheritdoc/>
    public override void Advance(SimTime from, SimTime to, double speed, IPageWriter writer)
    {
        double n = Writes(_spec.RatePagesPerSecond, from, to, speed);
        long cold = _spec.Pages - _hotPages;
        double hotShare = cold == 0 ? 1.0 : _spec.HotShare;
        RegionToucher.Touch(_firstPage, _hotPages, n * hotShare, _rng, writer);
        RegionToucher.Touch(_firstPage + _hotPages, cold, n * (1 - hotShare), _rng, writer);
    }
}
