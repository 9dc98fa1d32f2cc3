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
            DiscardRangeTime = new SimTime(17_291),
            FaultServiceTime = SimTime.FromMilliseconds(62.34),
            FaultServiceTimeUnlimited = SimTime.FromMilliseconds(2.2),
            MultifdCores = 1.457,
            ImageDensity = 0.731707,
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
}
