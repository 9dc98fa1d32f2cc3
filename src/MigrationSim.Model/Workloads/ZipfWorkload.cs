using MigrationSim.Kernel;
using MigrationSim.Model.Memory;

namespace MigrationSim.Model.Workloads;

/// <summary>
/// Zipf writes applied in bulk. For n writes in an interval, the head ranks that n writes
/// almost surely hit (n p_k &gt;= 1) are touched with their exact probability 1-(1-p_k)^n, one
/// Bernoulli draw each; the writes that land in the tail are drawn one by one from the tail
/// alone. Cost: O(head + writes in the tail), never O(working set) per interval.
/// </summary>
public sealed class ZipfWorkload : Workload
{
    private readonly long _firstPage;
    private readonly ZipfWorkloadSpec _spec;
    private readonly RandomStream _rng;
    private readonly double _harmonic;
    private long _cachedHead = -1;
    private ZipfSampler? _tailSampler;
    private double _tailMass;
    private double _tailCarry;

    /// <summary>Zipf writes over the working set starting at <paramref name="firstPage"/>, drawn from <paramref name="rng"/>.</summary>
    public ZipfWorkload(long firstPage, ZipfWorkloadSpec spec, RandomStream rng)
    {
        _firstPage = firstPage;
        _spec = spec;
        _rng = rng;
        _harmonic = ZipfSampler.Harmonic(spec.Pages, spec.Exponent);
    }

    /// <inheritdoc/>
    public override AccessPattern? AccessPatternAt(SimTime t) => _access ??= new ZipfAccess(_firstPage, _spec.Pages, _spec.Exponent, _harmonic);

    private ZipfAccess? _access;

    /// <inheritdoc/>
    public override double WriteRateAt(SimTime t) => _spec.RatePagesPerSecond;

    /// <inheritdoc/>
    public override double MaxWriteRate => _spec.RatePagesPerSecond;

    /// <inheritdoc/>
    public override void Advance(SimTime from, SimTime to, double speed, IPageWriter writer)
    {
        double n = Writes(_spec.RatePagesPerSecond, from, to, speed);
        long w = _spec.Pages;
        if (n <= 0 || w <= 0) return;

        // head = ranks k with n * k^-s / H >= 1
        long head = (long)Math.Floor(Math.Pow(n / _harmonic, 1 / _spec.Exponent));
        head = Math.Clamp(head, 0, w);
        // Reusing the previous split when it is close keeps the tail sampler's set-up off the hot path.
        if (_cachedHead < 0 || head > _cachedHead * 2 || head < _cachedHead / 2) SetHead(head);
        head = _cachedHead;

        for (long k = 1; k <= head; k++)
        {
            double pk = Math.Pow(k, -_spec.Exponent) / _harmonic;
            double touch = -AccurateMath.ExpM1(n * AccurateMath.Log1P(-Math.Min(pk, 1 - 1e-15)));
            if (touch >= 1 || _rng.NextDouble() < touch) writer.Write(_firstPage + k - 1);
        }
        if (_tailSampler is null) return;
        double tailWrites = n * _tailMass + _tailCarry;
        long draws = (long)Math.Floor(tailWrites);
        _tailCarry = tailWrites - draws;
        for (long i = 0; i < draws; i++)
            writer.Write(_firstPage + _tailSampler.Sample(_rng) - 1);
    }

    private void SetHead(long head)
    {
        _cachedHead = head;
        long w = _spec.Pages;
        if (head >= w)
        {
            _tailSampler = null;
            _tailMass = 0;
            return;
        }
        double headMass = head == 0 ? 0 : ZipfSampler.Harmonic(head, _spec.Exponent) / _harmonic;
        _tailMass = Math.Max(0, 1 - headMass);
        _tailSampler = new ZipfSampler(_spec.Exponent, head + 1, w);
    }
}
