using MigrationSim.Kernel;
using MigrationSim.Model.Migration;

namespace MigrationSim.Scenarios.Tests;

/// <summary>A profile file written by validate reads back as the same host constants, every one of them.</summary>
public class HostProfileFileTests
{
    [Fact]
    public void A_written_profile_reads_back_unchanged()
    {
        var h = new HostProfile
        {
            Qemu = QemuVersion.V10_0,
            SetupTime = SimTime.FromMilliseconds(2.5),
            SwitchoverCost = SimTime.FromMilliseconds(5),
            PageScanTime = new SimTime(120),
            ZeroPageTime = new SimTime(13_525),
            ExtraRamBytes = 532_480,
            EffectiveBandwidthBytesPerSecond = 409_000_000,
            StoppedBandwidthBytesPerSecond = 2_075_000_000,
            ImageFootprintBytes = 88_000_000,
            ImageFootprintPerGiBBytes = 15_800_000,
            ImageReusableBytes = 20_000_000,
            BackgroundDirtyRatePagesPerSecond = 62,
            DestinationResumeTime = SimTime.FromMilliseconds(8.96),
            PostcopyResumeTime = SimTime.FromMilliseconds(4.06),
            DiscardRangeTime = new SimTime(17_291),
            FaultServiceTime = SimTime.FromMilliseconds(62.34),
            FaultServiceTimeUnlimited = SimTime.FromMilliseconds(2.2),
            MultifdCores = 1.457,
            ImageDensity = 0.731707,
            ImageTopShare = 0.014214,
            MultifdZlibPageTime = new SimTime(39_140),
            MultifdZstdPageTime = new SimTime(11_055),
            MultifdZlibImagePageBytes = 1481.9,
            MultifdZstdImagePageBytes = 1599.6,
        };
        string path = Path.Combine(Path.GetTempPath(), $"migsim-profile-{Guid.NewGuid():N}.yaml");
        try
        {
            File.WriteAllText(path, HostProfileFile.Format(h, "test", "nothing", ["a note"], ["switchover-cost"]));
            var read = HostProfileFile.Read(path);
            Assert.Equal(h, read.Profile);
            Assert.Equal(["switchover-cost"], read.Unfitted);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_profile_without_a_postcopy_resume_time_reads_as_before_and_is_written_as_it_was()
    {
        // A profile written before the key: its switches resume as its precopy stops.
        const string old = "description: \"old\"\nfitted-on: \"x\"\nhost:\n  destination-resume-time: 8.964185ms\n  discard-range-time: 16620ns\n";
        var read = WithFile(old, HostProfileFile.Read);

        Assert.Null(read.Profile.PostcopyResumeTime);
        Assert.Equal(SimTime.FromMilliseconds(8.964185), read.Profile.SwitchResumeTime);
        Assert.DoesNotContain("postcopy-resume-time", HostProfileFile.Format(read.Profile, "d", "f", []));
    }

    [Fact]
    public void A_bad_postcopy_resume_time_is_refused_by_name()
    {
        var e = Assert.Throws<ScenarioException>(() => WithFile("host:\n  postcopy-resume-time: soon\n", HostProfileFile.Read));
        Assert.Contains("postcopy-resume-time", e.Message);
    }

    private static T WithFile<T>(string text, Func<string, T> read)
    {
        string path = Path.Combine(Path.GetTempPath(), $"migsim-profile-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, text);
        try { return read(path); }
        finally { File.Delete(path); }
    }
}
