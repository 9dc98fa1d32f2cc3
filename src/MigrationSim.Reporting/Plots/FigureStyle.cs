using ScottPlot;

namespace MigrationSim.Reporting.Plots;

/// <summary>
/// Common look of every figure: the shipped DejaVu Sans as the default font (system fonts differ
/// between machines, and so would the figures), size, and saving by file extension.
/// </summary>
public static class FigureStyle
{
    public const string FontName = "DejaVu Sans";
    public const int Width = 900;
    public const int Height = 560;

    private static readonly Lock FontLock = new();
    private static bool _fontLoaded;

    /// <summary>The shipped font file, copied next to the assembly at build time.</summary>
    public static string FontFile => Path.Combine(AppContext.BaseDirectory, "Fonts", "DejaVuSans.ttf");

    public static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        EnsureFont();
        var plot = new Plot();
        if (_fontLoaded) plot.Font.Set(FontName);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        return plot;
    }

    public static void EnsureFont()
    {
        lock (FontLock)
        {
            if (_fontLoaded || !File.Exists(FontFile)) return;
            Fonts.AddFontFile(FontName, FontFile, false, false);
            Fonts.Default = FontName;
            _fontLoaded = true;
        }
    }

    /// <summary>Saves as PNG or SVG by extension; anything else is refused.</summary>
    public static void Save(Plot plot, string path, int width = Width, int height = Height)
    {
        string dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".png": plot.SavePng(path, width, height); break;
            case ".svg": plot.SaveSvg(path, width, height); break;
            default: throw new ArgumentException($"'{path}': figures are .png or .svg");
        }
    }

    /// <summary>Height of one panel of a stacked (faceted) figure, pixels.</summary>
    public const int PanelHeight = 480;

    /// <summary>Saves panels stacked vertically, <see cref="PanelHeight"/> each, as one PNG.</summary>
    public static void SaveStacked(Multiplot multiplot, string path, int panels)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        multiplot.SavePng(path, Width, Math.Max(Height, PanelHeight * panels));
    }

    public static byte[] Png(Plot plot, int width = Width, int height = Height) =>
        plot.GetImageBytes(width, height, ImageFormat.Png);

    public static Color SeriesColor(int i) => new ScottPlot.Palettes.Category10().GetColor(i);
}
