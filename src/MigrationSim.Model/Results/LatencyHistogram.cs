namespace MigrationSim.Model.Results;

/// <summary>
/// Latencies in milliseconds, kept exactly while there are few and as a log-linear histogram
/// beyond (relative bucket width 2^-10, about 0.1%, from 1 ns to 10^9 ms): memory stays bounded
/// whatever the count, and percentiles stay within 0.1% of the exact ones. Mergeable.
/// </summary>
public sealed class LatencyHistogram
{
    /// <summary>Values kept exactly before switching to buckets.</summary>
    public const int ExactLimit = 1 << 16;

    private const double Min = 1e-6;               // 1 ns, in ms
    private const double Growth = 1 + 1.0 / 1024;
    private static readonly double LogGrowth = Math.Log(Growth);
    private static readonly int Buckets = (int)Math.Ceiling(Math.Log(1e9 / Min) / LogGrowth) + 2;

    private List<double>? _exact = [];
    private long[]? _counts;
    private long _zeros;
    private double _lastMs = double.NaN; // the last value put in a bucket, and its bucket
    private int _lastBucket;

    /// <summary>Values added.</summary>
    public long Count { get; private set; }
    /// <summary>Largest value added, ms (0 when empty).</summary>
    public double Max { get; private set; }

    /// <summary>True while every value is held exactly.</summary>
    public bool IsExact => _exact is not null;

    /// <summary>Adds a latency in ms (0 or more).</summary>
    public void Add(double ms)
    {
        if (double.IsNaN(ms) || ms < 0) throw new ArgumentOutOfRangeException(nameof(ms), $"latency {ms} ms");
        Count++;
        if (ms > Max) Max = ms;
        if (_exact is not null)
        {
            _exact.Add(ms);
            if (_exact.Count > ExactLimit) ToBuckets();
            return;
        }
        AddToBucket(ms);
    }

    /// <summary>Adds every value of <paramref name="other"/> (histograms of parallel runs combine).</summary>
    public void Merge(LatencyHistogram other)
    {
        if (other._exact is not null)
            foreach (double v in other._exact) Add(v);
        else
        {
            if (_exact is not null) ToBuckets();
            for (int i = 0; i < Buckets; i++) _counts![i] += other._counts![i];
            _zeros += other._zeros;
            Count += other.Count;
            Max = Math.Max(Max, other.Max);
        }
    }

    /// <summary>
    /// The q-quantile (q in [0, 1]); null when empty. Exact values use linear interpolation between
    /// order statistics (R's type 7); buckets give the geometric middle of the bucket holding rank q(n-1).
    /// </summary>
    public double? Quantile(double q)
    {
        if (Count == 0) return null;
        if (_exact is not null)
        {
            _exact.Sort();
            double pos = q * (_exact.Count - 1);
            int lo = (int)Math.Floor(pos);
            int hi = Math.Min(lo + 1, _exact.Count - 1);
            return _exact[lo] + (_exact[hi] - _exact[lo]) * (pos - lo);
        }
        double rank = q * (Count - 1);
        long seen = _zeros;
        if (rank < seen) return 0;
        for (int i = 0; i < Buckets; i++)
        {
            seen += _counts![i];
            if (rank < seen) return Math.Min(Max, Min * Math.Pow(Growth, i + 0.5));
        }
        return Max;
    }

    private void ToBuckets()
    {
        _counts = new long[Buckets];
        var values = _exact!;
        _exact = null;
        foreach (double v in values) AddToBucket(v);
    }

    private void AddToBucket(double ms)
    {
        if (ms <= 0) { _zeros++; return; }
        // Latencies repeat (a request served the same way takes the same time): the logarithm is taken once per value.
        if (ms != _lastMs)
        {
            _lastMs = ms;
            _lastBucket = ms < Min ? 0 : (int)Math.Min(Buckets - 1, Math.Floor(Math.Log(ms / Min) / LogGrowth));
        }
        _counts![_lastBucket]++;
    }
}
