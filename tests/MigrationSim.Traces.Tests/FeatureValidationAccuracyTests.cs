using MigrationSim.Analysis.Validation;
using MigrationSim.Cli.Tests;
using MigrationSim.Model.Results;
using MigrationSim.Scenarios;
using MigrationSim.Traces.Loading;
using MigrationSim.Traces.Validation;

namespace MigrationSim.Traces.Tests;

/// <summary>
/// The regression guard for the features (multifd, its zlib and zstd compression, xbzrle,
/// avail-switchover-bandwidth) on this host's feature captures (results/traces/features-7.2 and
/// features-10.0). 7.2: the committed profile (fitted on another host) refitted on the session's
/// controls, one unlimited multifd capture and one unlimited capture per compression (which fit
/// their features' constants only), the rest held out, as results/validation-features-7.2-session.
/// 10.0: the committed 10.0 profile (fitted on this host's reference set, multifd-cores from its two
/// 8-channel captures) with the compression's constants fitted on one unlimited capture per
/// algorithm, the rest held out, as results/validation-features-10.0. Holds today's figures (the README's table): a model change
/// that loses accuracy on a feature fails here.
/// </summary>
public class FeatureValidationAccuracyTests
{
    private const string Compression = "multifd4-z*-unlimited-r1";
    private const string Calibration = "p256-*,multifd4-p256-resident-uniform5k-unlimited-r1," + Compression;

    private static ValidationReport Validate(string set, string profile, string? calibration)
    {
        var (measured, unusable) = TraceFolders.LoadAll(TraceFolders.Expand([Path.Combine(RepoPaths.Root, "results", "traces", set)]));
        string path = Path.Combine(RepoPaths.Root, "results", profile);
        return ValidationRun.Execute(measured, unusable, calibration, HostProfileFile.Read(path), path).Report;
    }

    private static readonly Lazy<ValidationReport> V7 = new(() => Validate("features-7.2", Path.Combine("validation", "profile-tcg-qemu7.2.yaml"), Calibration));
    private static readonly Lazy<ValidationReport> V10 = new(() => Validate("features-10.0", Path.Combine("validation-qemu-10.0", "profile-tcg-qemu10.0.yaml"), Compression));

    // Today's medians, absolute %: total time, bytes (a little slack for replication noise).
    [Theory]
    [InlineData("7.2", "precopy+multifd", 5.79, 0.66)]
    [InlineData("7.2", "precopy+xbzrle", 7.06, 2.31)]
    // With the image's top block (image-top-share, 10.0 profile) some moved the wrong way: multifd bytes 0.48 ->
    // 0.62%, xbzrle time 0.84 -> 1.13% and bytes 3.09 -> 4.07%, avail-switchover time 3.0 -> 3.12%; better: zstd
    // time 33.6 -> 21.7%, multifd time 5.8 -> 5.35%, avail bytes 9.84 -> 6.82%. The xbzrle and multifd-idle runs
    // now end on the captures' sync counts (cache8m 13 -> 11, real 11-12; 32m 5 -> 6, real 6; idle 4 -> 3, real 3).
    // 10.0's rate limit sees the main channel's bytes in flushed blocks of 32 pages (RateLimiter.FlushBytes): the
    // avail-switchover writer's windows carry 1.8% more, its time 3.12 -> 3.06% and bytes 6.82 -> 7.2% (worse:
    // its sync count stays 6 against QEMU's 6-8); the rest moved by the refitted profile only.
    [InlineData("10.0", "precopy+multifd", 5.35, 0.54)]
    [InlineData("10.0", "precopy+xbzrle", 1.13, 4.05)]
    [InlineData("10.0", "precopy+avail-switchover-bandwidth", 3.06, 7.2)]
    [InlineData("7.2", "precopy+multifd-zlib", 11.61, 1.49)]
    [InlineData("7.2", "precopy+multifd-zstd", 5.54, 0.55)]
    [InlineData("10.0", "precopy+multifd-zlib", 13.27, 1.12)]
    [InlineData("10.0", "precopy+multifd-zstd", 21.65, 1.57)]
    public void Feature_errors_get_no_worse(string release, string group, double timeMedian, double bytesMedian)
    {
        var r = (release == "7.2" ? V7 : V10).Value;
        var time = r.Stats(Metrics.TotalTime, true, group)!;
        var bytes = r.Stats(Metrics.Transferred, true, group)!;
        Assert.True(time.MedianAbs <= timeMedian * 1.05 + 0.1, $"{release} {group} time median {time.MedianAbs:0.##}% (was {timeMedian}%)");
        Assert.True(bytes.MedianAbs <= bytesMedian * 1.05 + 0.1, $"{release} {group} bytes median {bytes.MedianAbs:0.##}% (was {bytesMedian}%)");
    }

    [Fact]
    public void Compressed_traces_on_a_profile_without_the_compressions_constants_are_not_judged()
    {
        var (measured, unusable) = TraceFolders.LoadAll(TraceFolders.Expand([Path.Combine(RepoPaths.Root, "results", "traces", "features-10.0")]));
        string path = Path.Combine(RepoPaths.Root, "results", "validation-qemu-10.0", "profile-tcg-qemu10.0.yaml");

        var run = ValidationRun.Execute(measured, unusable, null, HostProfileFile.Read(path), path);

        Assert.True(run.GoalsWithheld);
        Assert.Equal(["multifd-zlib-page-time", "multifd-zlib-image-page-bytes", "multifd-zstd-page-time", "multifd-zstd-image-page-bytes"], run.Fitted.UnfittedKeys);
        Assert.Contains(V10.Value.Goals, g => g.Policy == "precopy+multifd-zstd"); // fitted on one capture per algorithm: judged
    }

    [Theory]
    [InlineData("7.2", "precopy+multifd", "bytes transferred: median")]
    [InlineData("7.2", "precopy+xbzrle", "bytes transferred: median")]
    [InlineData("10.0", "precopy+multifd", "bytes transferred: median")]
    [InlineData("10.0", "precopy+xbzrle", "total time: median")]
    [InlineData("10.0", "precopy+avail-switchover-bandwidth", "converged or not")]
    [InlineData("10.0", "precopy+avail-switchover-bandwidth", "downtime within")]
    [InlineData("7.2", "precopy+multifd-zlib", "bytes transferred: median")]
    [InlineData("7.2", "precopy+multifd-zstd", "bytes transferred: median")]
    [InlineData("10.0", "precopy+multifd-zlib", "bytes transferred: median")]
    [InlineData("10.0", "precopy+multifd-zstd", "bytes transferred: median")]
    [InlineData("10.0", "precopy+multifd-zstd", "downtime within")]
    public void Feature_goals_met_today_stay_met(string release, string group, string goal)
    {
        var g = (release == "7.2" ? V7 : V10).Value.Goals.Single(x => x.Policy == group && x.Goal.StartsWith(goal, StringComparison.Ordinal));
        Assert.True(g.Met, $"{release} {group}: {g.Goal}: now {g.Measured}");
    }
}
