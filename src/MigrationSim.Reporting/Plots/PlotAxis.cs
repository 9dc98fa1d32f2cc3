namespace MigrationSim.Reporting.Plots;

/// <summary>
/// A results.csv column as a plot axis: which column, the label with its unit, and the factor
/// from the stored unit to the shown one (total-time is stored in ms and shown in s).
/// A categorical axis (policy names, "unlimited") places its values at 0, 1, 2, ...
/// </summary>
public sealed record PlotAxis(string Key, int Column, string Label, double Scale, bool Numeric);
