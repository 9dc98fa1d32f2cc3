namespace MigrationSim.Cli.Tests;

/// <summary>Scenarios with QEMU features the simulator does not model yet (multifd compression), and capture's check of each feature against the QEMU version.</summary>
public class FeatureCommandTests
{
    private const string Multifd = """
        guest: { memory: 256MiB }
        workload: { kind: uniform, working-set: 32MiB, rate: 2000 pages/s, bytes-per-write: 64B }
        network: { bandwidth: 1Gbit/s }
        migration:
          max-bandwidth: 64MiB/s
          multifd: true
          multifd-channels: 4
          zero-page-detection: multifd
          multifd-compression: zlib
        """;

    [Fact]
    public void Run_refuses_a_feature_it_does_not_model_and_writes_nothing()
    {
        using var tmp = new TempFolder();
        File.WriteAllText(tmp.File("multifd.yaml"), Multifd);

        var (exit, _, stderr) = Cli.Run("run", tmp.File("multifd.yaml"), "--out", tmp.File("out"));

        Assert.Equal(2, exit);
        Assert.Contains($"{tmp.File("multifd.yaml")}:9:24: migration.multifd-compression: the simulator does not model this yet", stderr);
        Assert.False(Directory.Exists(tmp.File("out")));
    }

    [Fact]
    public void Plan_refuses_it_too()
    {
        using var tmp = new TempFolder();
        File.WriteAllText(tmp.File("x.yaml"), Multifd);

        var (exit, _, stderr) = Cli.Run("plan", tmp.File("x.yaml"), "--max-downtime", "100ms");

        Assert.Equal(2, exit);
        Assert.Contains("migration.multifd-compression: the simulator does not model this yet", stderr);
    }

    [Fact]
    public void Capture_refuses_a_setting_newer_than_the_chosen_qemu_before_capturing_anything()
    {
        using var tmp = new TempFolder();
        File.WriteAllText(tmp.File("multifd.yaml"), Multifd);

        var (exit, _, stderr) = Cli.Run("capture", tmp.File("multifd.yaml"), "--qemu", "7.2", "--out", tmp.File("out"));

        Assert.Equal(2, exit);
        Assert.Contains(
            $"{tmp.File("multifd.yaml")}:8:24: migration.zero-page-detection: zero-page-detection needs QEMU 9.0 or later; this capture runs QEMU 7.2; capture it with --qemu 10.0",
            stderr);
        Assert.False(Directory.Exists(tmp.File("out")));
    }

    [Theory]
    [InlineData("9.2", "--qemu: '9.2' is not a QEMU this project can obtain; use 7.2 or 10.0, or the path of a qemu-system-x86_64 binary")]
    [InlineData("/no/qemu", "--qemu: no file at '/no/qemu'")]
    public void Capture_refuses_a_qemu_it_cannot_obtain(string qemu, string message)
    {
        using var tmp = new TempFolder();
        File.WriteAllText(tmp.File("multifd.yaml"), Multifd);

        var (exit, _, stderr) = Cli.Run("capture", tmp.File("multifd.yaml"), "--qemu", qemu, "--out", tmp.File("out"));

        Assert.Equal(2, exit);
        Assert.Contains(message, stderr);
    }
}
