namespace MigrationSim.Model.Workloads;

/// <summary>
/// The occupancy law the fluid approximations rest on: <c>writes</c> independent writes spread
/// uniformly over <c>pages</c> pages touch W(1 - e^(-n/W)) distinct pages on average.
/// </summary>
public static class Occupancy
{
    /// <summary>Expected distinct pages among <paramref name="pages"/> hit by <paramref name="writes"/> uniform writes (0 for an empty region); exact for tiny ratios.</summary>
    public static double DistinctPages(double pages, double writes) => pages <= 0 ? 0 : pages * -AccurateMath.ExpM1(-writes / pages);
}
