using MigrationSim.Model.Migration;

namespace MigrationSim.Scenarios.Tests;

/// <summary>The QEMU feature keys under migration: (xbzrle, multifd, zero-page-detection, avail-switchover-bandwidth, dirty-limit) and bytes-per-write.</summary>
public class FeatureKeyTests
{
    // The newer keys need the 10.0 engine; line numbers in the cases below count from "guest:".
    private static Scenario Load(string migration, string workload = "", string qemu = "10.0") => ScenarioLoader.Parse($"""
        guest: {"{"} memory: 1GiB {"}"}
        network: {"{"} bandwidth: 10Gbit/s {"}"}
        {workload}
        migration:
        {migration}
        host: {"{"} qemu-version: "{qemu}" {"}"}
        """, "f.yaml");

    private static ScenarioException Refused(string migration, string workload = "") =>
        Assert.Throws<ScenarioException>(() => Load(migration, workload));

    [Fact]
    public void Features_are_read_with_units_and_QEMUs_defaults()
    {
        var s = Load("""
              multifd: true
              multifd-channels: 8
              multifd-compression: zstd
              multifd-zstd-level: 3
              zero-page-detection: multifd
              avail-switchover-bandwidth: 10Gbit/s
            """);
        var p = s.Input.Parameters;

        Assert.Equal(new MultifdParameters { Channels = 8, Compression = MultifdCompression.Zstd, ZstdLevel = 3 },
            p.Multifd! with { CompressedProgramPageBytes = null, CompressedZeroPageBytes = null });
        Assert.Equal(1, p.Multifd!.ZlibLevel);
        Assert.Equal(ZeroPageDetection.Multifd, p.ZeroPageDetection);
        Assert.Equal(10e9 / 8, p.AvailSwitchoverBandwidthBytesPerSecond);
        Assert.Null(p.Xbzrle);
        Assert.Null(p.DirtyLimit);
        Assert.Equal(
            ["migration.multifd", "migration.multifd-channels", "migration.multifd-compression", "migration.multifd-zstd-level", "migration.zero-page-detection", "migration.avail-switchover-bandwidth"],
            s.Features.Select(f => f.Key));
        Assert.Equal((5, 12), (s.Features[0].Line, s.Features[0].Column));
    }

    [Fact]
    public void Xbzrle_and_dirty_limit_take_their_parameters()
    {
        var x = Load("  xbzrle: true\n  xbzrle-cache-size: 256MiB\n").Input.Parameters;
        var d = Load("  dirty-limit: true\n  vcpu-dirty-limit: 4MiB/s\n  x-vcpu-dirty-limit-period: 500ms\n").Input.Parameters;
        var dflt = Load("  xbzrle: yes\n  dirty-limit: on\n  auto-converge: false\n").Input.Parameters;

        Assert.Equal(256L << 20, x.Xbzrle!.CacheSizeBytes);
        Assert.Equal(4.0 * (1 << 20), d.DirtyLimit!.VcpuDirtyLimitBytesPerSecond);
        Assert.Equal(500, d.DirtyLimit.Period.Milliseconds);
        Assert.Equal(64L << 20, dflt.Xbzrle!.CacheSizeBytes);
        Assert.Equal(new DirtyLimitParameters(), dflt.DirtyLimit);
    }

    [Fact]
    public void A_feature_switched_off_is_no_feature()
    {
        var s = Load("  xbzrle: false\n  multifd: false\n  dirty-limit: false\n");

        Assert.Empty(s.Features);
        Assert.Null(s.Input.Parameters.Xbzrle);
        s.EnsureSimulated();
    }

    [Theory]
    [InlineData("  xbzrle-cache-size: 64MiB\n", "migration.xbzrle-cache-size: applies with xbzrle: true only")]
    [InlineData("  multifd-channels: 4\n", "migration.multifd-channels: applies with multifd: true only")]
    [InlineData("  multifd: true\n  multifd-zstd-level: 3\n", "migration.multifd-zstd-level: applies with multifd-compression: zstd only")]
    [InlineData("  multifd: true\n  multifd-compression: zlib\n  multifd-zlib-level: 10\n", "migration.multifd-zlib-level: 10 is out of range; allowed: 0 to 9")]
    [InlineData("  multifd: true\n  multifd-channels: 0\n", "migration.multifd-channels: 0 is out of range; allowed: 1 to 255")]
    [InlineData("  multifd: true\n  multifd-compression: lz4\n", "'lz4' is not allowed; allowed values: none, zlib, zstd")]
    [InlineData("  multifd: true\n  multifd-compression: zstd\n  multifd-zlib-level: 1\n", "migration.multifd-zlib-level: applies with multifd-compression: zlib only")]
    [InlineData("  multifd: true\n  multifd-zlib-level: 1\n", "migration.multifd-zlib-level: applies with multifd-compression: zlib only")]
    [InlineData("  multifd: true\n  multifd-compression: zstd\n  multifd-zstd-level: 21\n", "migration.multifd-zstd-level: 21 is out of range; allowed: 0 to 20")]
    [InlineData("  multifd-compression: zstd\n", "migration.multifd-compression: applies with multifd: true only")]
    [InlineData("  multifd: true\n  multifd-compression: zlib\n  policy: postcopy\n", "migration.multifd: cannot be combined with policy: postcopy")]
    [InlineData("  multifd: true\n  xbzrle: true\n", "migration.multifd: cannot be combined with xbzrle")]
    [InlineData("  multifd: true\n  policy: hybrid\n  switch: { after-iterations: 1 }\n", "migration.multifd: cannot be combined with policy: hybrid")]
    [InlineData("  xbzrle: true\n  xbzrle-cache-size: 48MiB\n", "QEMU wants a power of two of at least 4KiB")]
    [InlineData("  zero-page-detection: auto\n", "allowed values: none, legacy, multifd")]
    [InlineData("  avail-switchover-bandwidth: 0MiB/s\n", "migration.avail-switchover-bandwidth: must be a finite rate greater than zero")]
    [InlineData("  dirty-limit: true\n  auto-converge: true\n", "migration.dirty-limit: cannot be combined with auto-converge")]
    [InlineData("  dirty-limit: true\n  vcpu-dirty-limit: 1.5MiB/s\n", "must be a whole number of MiB/s")]
    [InlineData("  dirty-limit: true\n  x-vcpu-dirty-limit-period: 2s\n", "from 1ms to 1000ms")]
    [InlineData("  vcpu-dirty-limit: 1MiB/s\n", "migration.vcpu-dirty-limit: applies with dirty-limit: true only")]
    public void Bad_feature_settings_are_refused_with_the_key(string migration, string message)
    {
        var e = Refused(migration);

        Assert.Contains(message, e.Message);
        Assert.StartsWith("f.yaml:", e.Message);
    }

    [Fact]
    public void A_misspelt_feature_key_gets_a_suggestion()
    {
        var e = Refused("  multifd-chanels: 4\n");

        Assert.Contains("unknown key (did you mean 'multifd-channels'?)", e.Message);
    }

    [Theory]
    [InlineData("  multifd: true\n  multifd-compression: zlib\n", "7.2")]
    [InlineData("  policy: precopy\n  multifd: true\n  multifd-compression: zstd\n  multifd-zstd-level: 3\n", "10.0")]
    public void Multifd_compression_is_simulated_on_both_releases(string migration, string qemu)
    {
        var s = Load(migration, qemu: qemu);

        s.EnsureSimulated();
        Assert.All(s.Features, f => Assert.True(f.Simulated, f.Key));
    }

    [Theory]
    [InlineData("zlib", 1, 8)]
    [InlineData("zstd", 1, 8)]
    [InlineData("zlib", 9, 512)]
    [InlineData("zstd", 19, 512)]
    public void The_program_pages_compressed_size_comes_from_compressing_the_workloads_pages(string algorithm, int level, int bytesPerWrite)
    {
        string uniform = $"workload: {{ kind: uniform, working-set: 64MiB, rate: 1000 pages/s, bytes-per-write: {bytesPerWrite}B }}";
        var m = Load($"  multifd: true\n  multifd-compression: {algorithm}\n  multifd-{algorithm}-level: {level}\n", uniform).Input.Parameters.Multifd!;

        // A page of zeros but for a few words compresses to tens of bytes; the bytes a write
        // changes are random-looking, so they stay about their size.
        Assert.InRange(m.CompressedProgramPageBytes!.Value, bytesPerWrite * 0.9, bytesPerWrite + 64);
        Assert.InRange(m.CompressedZeroPageBytes!.Value, 0.1, 40); // zlib level 1: 18 B (39 B with zlib-ng, where there is no libz.so.1), zstd: under 1 B
        Assert.Null(Load("  multifd: true\n", uniform).Input.Parameters.Multifd!.CompressedProgramPageBytes);
    }

    [Fact]
    public void Zlib_pages_are_compressed_by_the_zlib_QEMU_links_where_there_is_one()
    {
        var s = Compression.WorkloadPageCompression.Measure(MultifdCompression.Zlib, 1, 8, 4096);

        // Classic zlib's level 1 (deflate_fast) on an all-zero page in a sync-flushed 128-page packet:
        // 18 B, as Python's zlib (the same libz.so.1) gives; .NET's zlib-ng quick strategy gives 39 B.
        if (OperatingSystem.IsLinux()) Assert.InRange(s.ZeroPageBytes, 17.5, 18.5);
        else Assert.InRange(s.ZeroPageBytes, 38, 40);
        Assert.True(s.FilledPageBytes < s.WrittenPageBytes, $"filled {s.FilledPageBytes} B, written {s.WrittenPageBytes} B");
    }

    [Theory]
    [InlineData("zero-page-detection: legacy")]
    [InlineData("zero-page-detection: multifd")]
    [InlineData("zero-page-detection: none")]
    [InlineData("avail-switchover-bandwidth: 1GiB/s")]
    [InlineData("dirty-limit: true")]
    [InlineData("xbzrle: true")]
    [InlineData("multifd: true")]
    public void The_engine_models_the_10_0_settings(string setting)
    {
        var s = Load($"  {setting}\n");

        s.EnsureSimulated();
        Assert.True(s.Features.Single().Simulated);
    }

    [Theory]
    [InlineData("zero-page-detection: none", "migration.zero-page-detection: zero-page-detection needs QEMU 9.0 or later; the host profile says QEMU 7.2")]
    [InlineData("avail-switchover-bandwidth: 1GiB/s", "migration.avail-switchover-bandwidth: avail-switchover-bandwidth needs QEMU 8.2 or later")]
    [InlineData("dirty-limit: true", "migration.dirty-limit: dirty-limit needs QEMU 8.1 or later")]
    public void A_setting_newer_than_the_profiles_qemu_is_refused_at_its_key(string setting, string message)
    {
        var e = Assert.Throws<ScenarioException>(Load($"  {setting}\n", qemu: "7.2").EnsureSimulated);

        Assert.Contains(message, e.Message);
        Assert.Equal(5, e.Line);
    }

    [Fact]
    public void Bytes_per_write_is_a_workload_size()
    {
        const string Uniform = "workload: { kind: uniform, working-set: 64MiB, rate: 1000 pages/s, bytes-per-write: 256B }";

        var s = Load("  policy: precopy\n", Uniform);

        Assert.Equal(256, s.Input.Workload.BytesPerWrite);
        Assert.Equal(8, Load("  policy: precopy\n").Input.Workload.BytesPerWrite);
        Assert.Contains("workload.bytes-per-write: 12 B is not allowed; use a multiple of 8B",
            Refused("  policy: precopy\n", Uniform.Replace("256B", "12B")).Message);
        Assert.Contains("to the page size (4096B)", Refused("  policy: precopy\n", Uniform.Replace("256B", "8KiB")).Message);
    }
}
