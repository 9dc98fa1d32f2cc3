using MigrationSim.Scenarios.Units;

namespace MigrationSim.Scenarios.Tests;

public class UnitParserTests
{
    [Theory]
    [InlineData("8GiB", 8L << 30)]
    [InlineData("4 KiB", 4096)]
    [InlineData("125MB", 125_000_000)]
    [InlineData("512M", 512L << 20)]
    [InlineData("1.5GiB", 3L << 29)]
    [InlineData("1TiB", 1L << 40)]
    [InlineData("100B", 100)]
    public void Sizes(string text, long bytes) => Assert.Equal(bytes, UnitParser.ParseSize(text, out _));

    [Theory]
    [InlineData("10Gbit/s", 1.25e9)]
    [InlineData("125MB/s", 125e6)]
    [InlineData("128MiB/s", 128.0 * 1024 * 1024)]
    [InlineData("1Gbps", 1.25e8)]
    [InlineData("100 Mbit/s", 12.5e6)]
    [InlineData("8Mb/s", 1e6)]
    public void Rates(string text, double bytesPerSecond) => Assert.Equal(bytesPerSecond, UnitParser.ParseRate(text, out _)!.Value, 1e-6);

    [Fact]
    public void Unlimited_rate_is_infinite() => Assert.True(double.IsPositiveInfinity(UnitParser.ParseRate("unlimited", out _)!.Value));

    [Theory]
    [InlineData("300ms", 300_000_000)]
    [InlineData("2s", 2_000_000_000)]
    [InlineData("100us", 100_000)]
    [InlineData("1.5min", 90_000_000_000)]
    [InlineData("1h", 3_600_000_000_000)]
    public void Durations(string text, long ns) => Assert.Equal(ns, UnitParser.ParseDuration(text, out _));

    [Theory]
    [InlineData("20000 pages/s", 20000)]
    [InlineData("20k pages/s", 20000)]
    [InlineData("80MiB/s", 20480)]
    public void Page_rates(string text, double pagesPerSecond) => Assert.Equal(pagesPerSecond, UnitParser.ParsePageRate(text, 4096, out _)!.Value, 1e-9);

    [Theory]
    [InlineData("8", "no unit")]
    [InlineData("8 GiBs", "not a size unit")]
    [InlineData("eight GiB", "not a number")]
    public void Bad_sizes_say_why_and_list_the_units(string text, string reason)
    {
        Assert.Null(UnitParser.ParseSize(text, out string error));
        Assert.Contains(reason, error);
        if (reason != "not a number") Assert.Contains("GiB", error);
    }

    [Fact]
    public void Bad_durations_and_rates_list_the_allowed_units()
    {
        Assert.Null(UnitParser.ParseDuration("300", out string e1));
        Assert.Contains("ms", e1);
        Assert.Null(UnitParser.ParseRate("10 Gbits", out string e2));
        Assert.Contains("Gbit/s", e2);
        Assert.Null(UnitParser.ParsePageRate("20000", 4096, out string e3));
        Assert.Contains("pages/s", e3);
    }
}
