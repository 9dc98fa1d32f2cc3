using MigrationSim.Analysis.Validation;
using MigrationSim.Cli.Tests;
using MigrationSim.Model.Results;
using MigrationSim.Scenarios;
using MigrationSim.Traces.Loading;
using MigrationSim.Traces.Validation;

namespace MigrationSim.Traces.Tests;

/// <summary>
/// The regression guard for the features (multifd, xbzrle) on this host's feature captures
/// (results/traces/features-7.2 and features-10.0): each release's committed profile refitted on
/// the session's controls and one unlimited multifd capture, the rest held out, as
/// results/validation-features-*-session. Holds today's figures (the README's table): a model
/// change that loses accuracy on a feature fails here.
/// </summary>
public class FeatureValidationAccuracyTests
{
    private const string Calibration = "p256-*,multifd4-p256-resident-uniform5k-unlimited-r1";

    private static ValidationReport Validate(string set, string profile)
    {
        var (measured, unusable) = TraceFolders.LoadAll(TraceFolders.Expand([Path.Combine(RepoPaths.Root, "results", "traces", set)]));
        string path = Path.Combine(RepoPaths.Root, "results", profile);
        return ValidationRun.Execute(measured, unusable, Calibration, HostProfileFile.Read(path), path, judgeUnfitted: true).Report;
    }

    private static readonly Lazy<ValidationReport> V7 = new(() => Validate("features-7.2", Path.Combine("validation", "profile-tcg-qemu7.2.yaml")));
    private static readonly Lazy<ValidationReport> V10 = new(() => Validate("features-10.0", Path.Combine("validation-qemu-10.0", "profile-tcg-qemu10.0.yaml")));

    // Today's medians, absolute %: total time, bytes (a little slack for replication noise).
    [Theory]
    [InlineData("7.2", "precopy+multifd", 5.81, 0.48)]
    [InlineData("7.2", "precopy+xbzrle", 7.14, 3.19)]
    [InlineData("10.0", "precopy+multifd", 16.54, 4.48)]
    [InlineData("10.0", "precopy+xbzrle", 10.93, 6.92)]
    public void Feature_errors_get_no_worse(string release, string group, double timeMedian, double bytesMedian)
    {
        var r = (release == "7.2" ? V7 : V10).Value;
        var time = r.Stats(Metrics.TotalTime, true, group)!;
        var bytes = r.Stats(Metrics.Transferred, true, group)!;
        Assert.True(time.MedianAbs <= timeMedian * 1.05 + 0.1, $"{release} {group} time median {time.MedianAbs:0.##}% (was {timeMedian}%)");
        Assert.True(bytes.MedianAbs <= bytesMedian * 1.05 + 0.1, $"{release} {group} bytes median {bytes.MedianAbs:0.##}% (was {bytesMedian}%)");
    }

    [Fact]
    public void Multifd_bytes_meet_the_feature_goal_on_7_2()
    {
        var g = V7.Value.Goals.Single(x => x.Policy == "precopy+multifd" && x.Goal.StartsWith("bytes transferred: median", StringComparison.Ordinal));
        Assert.True(g.Met, $"{g.Goal}: now {g.Measured}");
    }
}
