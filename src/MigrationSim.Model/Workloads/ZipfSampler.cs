using MigrationSim.Kernel;

namespace MigrationSim.Model.Workloads;

/// <summary>
/// Draws ranks in [first, last] with P(k) proportional to k^-s by rejection-inversion
/// (Hörmann and Derflinger, 1996): O(1) expected time and no table, so it serves working sets
/// of hundreds of millions of pages. Math.NET's Zipf scans linearly; its CDF is the test oracle.
/// </summary>
public sealed class ZipfSampler
{
    private readonly double _s;
    private readonly long _first;
    private readonly long _last;
    private readonly double _hLow;   // H(first + 1/2) - h(first)
    private readonly double _hHigh;  // H(last + 1/2)

    /// <summary>Ranks [first, last] (first at least 1) with exponent greater than 0.</summary>
    public ZipfSampler(double exponent, long first, long last)
    {
        if (!(exponent > 0)) throw new ArgumentOutOfRangeException(nameof(exponent), "the Zipf exponent must be > 0");
        if (first < 1 || last < first) throw new ArgumentOutOfRangeException(nameof(first), $"empty rank range [{first}, {last}]");
        _s = exponent;
        _first = first;
        _last = last;
        _hLow = HIntegral(first + 0.5) - H(first);
        _hHigh = HIntegral(last + 0.5);
    }

    /// <summary>One rank.</summary>
    public long Sample(RandomStream rng)
    {
        while (true)
        {
            double u = _hHigh + rng.NextDouble() * (_hLow - _hHigh);
            double x = HIntegralInverse(u);
            long k = (long)(x + 0.5);
            if (k < _first) k = _first;
            else if (k > _last) k = _last;
            if (u >= HIntegral(k + 0.5) - H(k)) return k;
        }
    }

    private double H(double x) => Math.Exp(-_s * Math.Log(x));

    private double HIntegral(double x)
    {
        double logX = Math.Log(x);
        return Helper2((1 - _s) * logX) * logX;
    }

    private double HIntegralInverse(double x)
    {
        double t = x * (1 - _s);
        if (t < -1) t = -1;
        return Math.Exp(Helper1(t) * x);
    }

    // log(1+x)/x and (e^x - 1)/x, accurate near 0.
    private static double Helper1(double x) => Math.Abs(x) > 1e-8 ? AccurateMath.Log1P(x) / x : 1 - x * (0.5 - x * (1.0 / 3 - 0.25 * x));
    private static double Helper2(double x) => Math.Abs(x) > 1e-8 ? AccurateMath.ExpM1(x) / x : 1 + x * 0.5 * (1 + x / 3 * (1 + 0.25 * x));

    /// <summary>Generalised harmonic number sum_{k=1}^{n} k^-s (exact to 10^4 terms, Euler-Maclaurin beyond).</summary>
    public static double Harmonic(long n, double s)
    {
        const long exact = 10_000;
        double sum = 0;
        long m = Math.Min(n, exact);
        for (long k = m; k >= 1; k--) sum += Math.Pow(k, -s);
        if (n <= exact) return sum;
        // sum_{k=m+1}^{n} f(k) ~ integral_m^n f + (f(n) - f(m))/2 + (f'(n) - f'(m))/12
        double a = m, b = n;
        double integral = Math.Abs(s - 1) < 1e-12 ? Math.Log(b / a) : (Math.Pow(b, 1 - s) - Math.Pow(a, 1 - s)) / (1 - s);
        double f(double x) => Math.Pow(x, -s);
        double df(double x) => -s * Math.Pow(x, -s - 1);
        return sum + integral + (f(b) - f(a)) / 2 + (df(b) - df(a)) / 12;
    }
}
