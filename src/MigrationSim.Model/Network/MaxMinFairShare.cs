namespace MigrationSim.Model.Network;

/// <summary>
/// The flow-level max-min fair allocation SimGrid and most fluid network models use
/// (progressive filling, computed bottleneck by bottleneck): every flow gets the largest rate
/// such that raising any flow would lower another one whose rate is already no larger. Each
/// flow is limited by its own cap and by its links. Afterwards every flow is either at its cap
/// or crosses a saturated link on which no other flow gets more than it does, and no link
/// carries more than its capacity.
/// </summary>
public static class MaxMinFairShare
{
    /// <summary>Relative slack under which a link counts as the bottleneck (rounding of repeated subtraction).</summary>
    private const double Tolerance = 1e-12;

    /// <param name="capacitiesBytesPerSecond">Capacity of each link, bytes/s (&gt; 0).</param>
    /// <param name="flowLinks">For each flow, the indices of the links it crosses (at least one; each at most once).</param>
    /// <param name="capsBytesPerSecond">For each flow, the most it may take, bytes/s (+infinity: no cap).</param>
    /// <returns>The rate of each flow, bytes/s.</returns>
    public static double[] Allocate(IReadOnlyList<double> capacitiesBytesPerSecond, IReadOnlyList<int[]> flowLinks, IReadOnlyList<double> capsBytesPerSecond)
    {
        ArgumentNullException.ThrowIfNull(capacitiesBytesPerSecond);
        ArgumentNullException.ThrowIfNull(flowLinks);
        ArgumentNullException.ThrowIfNull(capsBytesPerSecond);
        int flows = flowLinks.Count, links = capacitiesBytesPerSecond.Count;
        if (capsBytesPerSecond.Count != flows) throw new ArgumentException("one cap per flow", nameof(capsBytesPerSecond));
        var remaining = new double[links];
        var crossing = new int[links];
        var onLink = new List<int>[links];
        for (int l = 0; l < links; l++)
        {
            if (!(capacitiesBytesPerSecond[l] > 0)) throw new ArgumentOutOfRangeException(nameof(capacitiesBytesPerSecond), $"link {l} has capacity {capacitiesBytesPerSecond[l]}; it must be > 0");
            remaining[l] = capacitiesBytesPerSecond[l];
            onLink[l] = [];
        }
        for (int f = 0; f < flows; f++)
        {
            if (flowLinks[f].Length == 0) throw new ArgumentException($"flow {f} crosses no link", nameof(flowLinks));
            if (!(capsBytesPerSecond[f] > 0)) throw new ArgumentOutOfRangeException(nameof(capsBytesPerSecond), $"flow {f} has cap {capsBytesPerSecond[f]}; it must be > 0");
            foreach (int l in flowLinks[f])
            {
                crossing[l]++;
                onLink[l].Add(f);
            }
        }

        var rate = new double[flows];
        var frozen = new bool[flows];
        int left = flows;
        while (left > 0)
        {
            // The level every unfrozen flow can reach: the smallest fair share of a link among them.
            double level = double.PositiveInfinity;
            for (int l = 0; l < links; l++)
                if (crossing[l] > 0) level = Math.Min(level, remaining[l] / crossing[l]);

            // Flows capped at or below that level take their cap; that only raises the others' shares.
            bool cappedAny = false;
            for (int f = 0; f < flows; f++)
            {
                if (frozen[f] || capsBytesPerSecond[f] > level) continue;
                Freeze(f, capsBytesPerSecond[f]);
                cappedAny = true;
            }
            if (cappedAny) continue;

            // Otherwise the links at that level are saturated: every unfrozen flow on them gets the level.
            double limit = level * (1 + Tolerance);
            for (int l = 0; l < links; l++)
            {
                if (crossing[l] == 0 || remaining[l] / crossing[l] > limit) continue;
                foreach (int f in onLink[l])
                    if (!frozen[f]) Freeze(f, level);
            }
        }
        return rate;

        void Freeze(int f, double r)
        {
            rate[f] = r;
            frozen[f] = true;
            left--;
            foreach (int l in flowLinks[f])
            {
                remaining[l] = Math.Max(0, remaining[l] - r);
                crossing[l]--;
            }
        }
    }
}
