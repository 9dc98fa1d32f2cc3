namespace MigrationSim.Cli.Tests;

/// <summary>Scenarios with QEMU features (multifd compression) through `run` and `plan`, and capture's check of each feature against the QEMU version.</summary>
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

    /// <summary>Runs <paramref name="scenario"/> and returns transferred from its summary.csv.</summary>
    private static long Transferred(TempFolder tmp, string name, string scenario)
    {
        File.WriteAllText(tmp.File(name + ".yaml"), scenario);
        var (exit, _, stderr) = Cli.Run("run", tmp.File(name + ".yaml"), "--out", tmp.File(name));
        Assert.True(exit == 0, stderr);
        var lines = File.ReadAllLines(Path.Combine(tmp.File(name), "summary.csv"));
        int column = Array.IndexOf(lines[0].Split(','), "transferred");
        return long.Parse(lines[1].Split(',')[column], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public void Run_simulates_compression_and_10_0_counts_the_compressed_packets()
    {
        using var tmp = new TempFolder();
        string on10 = Multifd + "\nhost: { qemu-version: \"10.0\" }\n";

        long zlib = Transferred(tmp, "zlib", on10), plain = Transferred(tmp, "plain", on10.Replace("multifd-compression: zlib", "multifd-compression: none"));

        // the program's pages (no image in the default profile) shrink from 4 KiB to tens of bytes
        Assert.True(zlib * 10 < plain, $"zlib {zlib} B, none {plain} B");
    }

    [Fact]
    public void Run_on_7_2_counts_compressed_packets_at_their_pages_full_size()
    {
        using var tmp = new TempFolder();
        string on72 = Multifd.Replace("  zero-page-detection: multifd\n", "");

        long zlib = Transferred(tmp, "zlib", on72), plain = Transferred(tmp, "plain", on72.Replace("multifd-compression: zlib", "multifd-compression: none"));

        Assert.InRange(zlib, plain * 0.95, plain * 1.05);
    }

    [Theory]
    [InlineData("multifd-compression: zlib", "multifd-compression: lz4", 9, "migration.multifd-compression: 'lz4' is not allowed; allowed values: none, zlib, zstd")]
    [InlineData("multifd-compression: zlib", "multifd-compression: zstd\n  multifd-zlib-level: 3", 10, "migration.multifd-zlib-level: applies with multifd-compression: zlib only")]
    public void Run_refuses_a_bad_compression_setting_at_its_line_and_writes_nothing(string from, string to, int line, string message)
    {
        using var tmp = new TempFolder();
        File.WriteAllText(tmp.File("bad.yaml"), Multifd.Replace(from, to));

        var (exit, _, stderr) = Cli.Run("run", tmp.File("bad.yaml"), "--out", tmp.File("out"));

        Assert.Equal(2, exit);
        Assert.Contains($"{tmp.File("bad.yaml")}:{line}:", stderr);
        Assert.Contains(message, stderr);
        Assert.False(Directory.Exists(tmp.File("out")));
    }

    [Fact]
    public void Plan_takes_it_too()
    {
        using var tmp = new TempFolder();
        File.WriteAllText(tmp.File("x.yaml"), Multifd + "\nhost: { qemu-version: \"10.0\" }\n");

        var (exit, _, stderr) = Cli.Run("plan", tmp.File("x.yaml"), "--max-downtime", "100ms");

        Assert.True(exit == 0, stderr);
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
