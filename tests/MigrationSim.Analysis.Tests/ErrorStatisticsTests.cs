using MigrationSim.Analysis.Validation;

namespace MigrationSim.Analysis.Tests;

public class ErrorStatisticsTests
{
    [Fact]
    public void The_90th_percentile_is_rs_type_8_as_the_reports_say()
    {
        // 1..10: type 8 takes rank (10 + 1/3) x 0.9 + 1/3 = 9.6333; type 7 would give 9.1.
        var s = ErrorStatistics.Of(Enumerable.Range(1, 10).Select(i => (double)-i))!;

        Assert.Equal(9 + 0.6333333, s.P90Abs, 6);
        Assert.Equal(5.5, s.MedianAbs);
        Assert.Contains("type 8", ErrorStatistics.QuantileDefinitionName);
    }
}
