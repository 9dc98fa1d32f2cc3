using MigrationSim.Model.Migration;

namespace MigrationSim.Model.Tests;

public sealed class QemuVersionTests
{
    [Theory]
    [InlineData("7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)", 7, 2, 22)]
    [InlineData("10.0.13 (Debian 1:10.0.13+ds-0+deb13u1)", 10, 0, 13)]
    [InlineData("QEMU emulator version 10.0.13 (Debian 1:10.0.13+ds-0+deb13u1)", 10, 0, 13)]
    [InlineData("10.0", 10, 0, 0)]
    public void Versions_are_read_from_what_qemu_prints(string text, int major, int minor, int micro)
    {
        Assert.Equal(new QemuVersion(major, minor, micro), QemuVersion.TryParse(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("unknown")]
    public void A_capture_without_a_version_ran_7_2(string? recorded)
    {
        Assert.Null(QemuVersion.TryParse(recorded));
        Assert.Equal(QemuVersion.V7_2, QemuVersion.FromCapture(recorded));
    }

    [Fact]
    public void Releases_compare_by_major_then_minor_then_micro()
    {
        Assert.True(new QemuVersion(10, 0, 13).AtLeast(9, 0));
        Assert.False(new QemuVersion(7, 2, 22).AtLeast(8, 1));
        Assert.True(new QemuVersion(8, 2).CompareTo(new QemuVersion(8, 10)) < 0);
        Assert.True(new QemuVersion(10, 0, 13).SameRelease(QemuVersion.V10_0));
        Assert.False(new QemuVersion(10, 1).SameRelease(QemuVersion.V10_0));
    }
}
