using MigrationSim.Cli.Tests;
using MigrationSim.Scenarios;
using MigrationSim.Traces.Loading;
using MigrationSim.Traces.Validation;

namespace MigrationSim.Traces.Tests;

/// <summary>
/// validate says which constants it could not fit, withholds the goals then unless told, and
/// refits only some constants when a profile and a calibration subset are both given.
/// </summary>
public sealed class HonestCalibrationTests
{
    private static readonly Lazy<(List<Analysis.Validation.MeasuredMigration> Measured, List<(string, string)> Unusable)> Traces =
        new(() => TraceFolders.LoadAll(TraceFolders.Expand([Path.Combine(RepoPaths.Root, "results", "traces")])));

    // No idle capture and no switch with a fragmented discard: those constants cannot be fitted from it.
    private const string WithoutIdle = "p256-resident-uniform5k-unlimited-*,p256-uniform2k-64m-*,postcopy-p256-uniform50k-32m-*";

    [Fact]
    public void Constants_no_capture_isolates_are_named_and_the_goals_withheld()
    {
        var run = ValidationRun.Execute(Traces.Value.Measured, Traces.Value.Unusable, WithoutIdle, null, null, replications: 1);

        Assert.Contains("image-footprint", run.Fitted.UnfittedKeys);
        Assert.Contains("discard-range-time", run.Fitted.UnfittedKeys);
        Assert.DoesNotContain("setup-time", run.Fitted.UnfittedKeys);
        Assert.Contains(run.Fitted.Notes, n => n.StartsWith("NOT FITTED image-footprint", StringComparison.Ordinal));
        Assert.True(run.GoalsWithheld);
        Assert.Empty(run.Report.Goals);

        var told = ValidationRun.Execute(Traces.Value.Measured, Traces.Value.Unusable, WithoutIdle, null, null, judgeUnfitted: true, replications: 1);
        Assert.NotEmpty(told.Report.Goals);
    }

    [Fact]
    public void A_profile_and_a_calibration_subset_refit_only_what_the_subset_isolates()
    {
        var profile = HostProfileFile.Read(Path.Combine(RepoPaths.Root, "results", "validation", "profile-tcg-qemu7.2.yaml"));

        var run = ValidationRun.Execute(Traces.Value.Measured, Traces.Value.Unusable, WithoutIdle, profile, "the 7.2 profile", replications: 1);

        Assert.Empty(run.Fitted.UnfittedKeys);
        Assert.Equal(profile.Profile.ImageFootprintBytes, run.Fitted.Profile.ImageFootprintBytes); // kept: no idle capture to refit it
        Assert.Equal(profile.Profile.DiscardRangeTime, run.Fitted.Profile.DiscardRangeTime);
        Assert.NotEqual(profile.Profile.EffectiveBandwidthBytesPerSecond, run.Fitted.Profile.EffectiveBandwidthBytesPerSecond); // refitted on fewer captures
        Assert.False(run.GoalsWithheld);
        Assert.StartsWith("starting from the 7.2 profile", run.Fitted.Notes[0]);
        Assert.NotNull(run.ProfileFileName);
    }
}
