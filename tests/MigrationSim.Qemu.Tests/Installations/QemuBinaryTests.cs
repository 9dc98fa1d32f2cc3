using MigrationSim.Qemu.Installations;
using MigrationSim.Qemu.Processes;
using MigrationSim.Qemu.Tests.Infrastructure;
using MigrationSim.Model.Migration;

namespace MigrationSim.Qemu.Tests.Installations;

public sealed class QemuBinaryTests
{
    [Fact]
    public void A_root_binary_runs_through_the_roots_loader_with_its_own_firmware_and_modules()
    {
        var binary = DebianQemuRoot.Binary("/c/root");

        var psi = binary.StartInfo(["-m", "64"]);

        Assert.Equal("/c/root/usr/lib64/ld-linux-x86-64.so.2", psi.FileName);
        Assert.Equal(
            ["--library-path", "/c/root/usr/lib/x86_64-linux-gnu", "/c/root/usr/bin/qemu-system-x86_64",
             "-L", "/c/root/usr/share/qemu", "-L", "/c/root/usr/share/seabios", "-m", "64"],
            psi.ArgumentList);
        Assert.Equal("/c/root/usr/lib/x86_64-linux-gnu/qemu", psi.Environment["QEMU_MODULE_DIR"]);
    }

    [Fact]
    public void A_direct_binary_is_run_as_it_is()
    {
        var psi = QemuBinary.Direct("/usr/bin/qemu-system-x86_64", "system").StartInfo(["-S"]);

        Assert.Equal("/usr/bin/qemu-system-x86_64", psi.FileName);
        Assert.Equal(["-S"], psi.ArgumentList);
        Assert.False(psi.Environment.ContainsKey("QEMU_MODULE_DIR"));
    }

    [Theory]
    [InlineData("7.2", "7.2")]
    [InlineData("10.0", "10.0")]
    public void Known_releases_are_selected_by_number(string text, string release)
    {
        var selection = QemuSelection.Parse(text, out var error);

        Assert.Equal("", error);
        Assert.Equal(release, selection!.Release!.Value.Release);
        Assert.Null(selection.BinaryPath);
    }

    [Fact]
    public void Unknown_releases_and_missing_paths_are_refused_with_the_choices()
    {
        Assert.Null(QemuSelection.Parse("9.2", out var error));
        Assert.Equal("'9.2' is not a QEMU this project can obtain; use 7.2 or 10.0, or the path of a qemu-system-x86_64 binary", error);
        Assert.Null(QemuSelection.Parse("/no/such/qemu", out error));
        Assert.Equal("no file at '/no/such/qemu'", error);
    }

    [QemuFact]
    public async Task The_system_qemu_is_7_2_and_a_path_reports_its_own_version()
    {
        var (_, version) = await QemuSelection.System72.ResolveAsync(null, null, CancellationToken.None);
        var path = QemuSelection.Parse(QemuLauncher.FindQemu(), out _)!;
        var (binary, pathVersion) = await path.ResolveAsync(null, null, CancellationToken.None);

        Assert.True(version.SameRelease(QemuVersion.V7_2), $"system QEMU is {version}");
        Assert.Equal(version, pathVersion);
        Assert.Equal(QemuLauncher.FindQemu(), binary.Program);
    }
}
