namespace MigrationSim.Reporting.Plots;

/// <summary>
/// How an axis is drawn. <see cref="Auto"/> follows the sweep file: a range with scale: log gives
/// values evenly spaced in ratio, so three or more positive values with a constant ratio (to 2%)
/// are drawn on a log axis, anything else linearly.
/// </summary>
public enum AxisScale
{
    Auto,
    Linear,
    Log,
}
