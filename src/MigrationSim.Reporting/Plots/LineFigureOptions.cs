namespace MigrationSim.Reporting.Plots;

/// <summary>
/// Optional parts of a <see cref="LineFigure"/>: title, axis scales, and reference lines (an SLA
/// limit as a horizontal line, or y = x where x is the target y should stay under).
/// </summary>
public sealed record LineFigureOptions
{
    public string? Title { get; init; }
    public AxisScale XScale { get; init; } = AxisScale.Auto;
    public AxisScale YScale { get; init; } = AxisScale.Linear;

    /// <summary>Draw y = x, labelled so (x and y in the same unit).</summary>
    public string? DiagonalLabel { get; init; }

    /// <summary>A horizontal reference line at Y (in the y axis's shown unit), e.g. an SLA limit.</summary>
    public (double Y, string Label)? Reference { get; init; }
}
