using MigrationSim.Qemu.Guest;
using MigrationSim.Qemu.Processes;

namespace MigrationSim.Qemu.Tests.Guest;

/// <summary>Compiles the real workload.c with the machine's gcc into a private cache.</summary>
public sealed class GuestImageBuilderTests : IDisposable
{
    private readonly string _cache = Directory.CreateTempSubdirectory("migsim-cache-test-").FullName;

    public void Dispose() => Directory.Delete(_cache, recursive: true);

    [Fact]
    public async Task Initramfs_is_valid_newc_with_an_executable_static_init()
    {
        var (path, key) = await new GuestImageBuilder(_cache).BuildInitramfsAsync(CancellationToken.None);

        var entries = NewcArchiveReader.Read(await File.ReadAllBytesAsync(path));
        var init = Assert.Single(entries, e => e.Name == "init");
        Assert.True(init.IsRegularFile && init.IsExecutable, $"init mode is {init.Mode:X}");
        Assert.Equal([0x7F, (byte)'E', (byte)'L', (byte)'F'], init.Data[..4]);
        Assert.Contains(entries, e => e.Name == "dev/console" && e.IsCharacterDevice && e.RdevMajor == 5 && e.RdevMinor == 1);
        Assert.Contains(entries, e => e.Name == "proc" && e.IsDirectory);
        Assert.Matches("^[0-9a-f]{16}$", key);
    }

    [Fact]
    public async Task Second_build_comes_from_the_cache_and_an_edited_source_rebuilds()
    {
        var builder = new GuestImageBuilder(_cache);
        var (first, key1) = await builder.BuildInitramfsAsync(CancellationToken.None);
        var stamp = File.GetLastWriteTimeUtc(first);
        var (again, key2) = await builder.BuildInitramfsAsync(CancellationToken.None);
        Assert.Equal((first, key1), (again, key2));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(again));

        var edited = Path.Combine(_cache, "workload.c");
        await File.WriteAllTextAsync(edited, await File.ReadAllTextAsync(builder.WorkloadSourcePath) + "\n/* edited */\n");
        var (_, key3) = await new GuestImageBuilder(_cache, edited).BuildInitramfsAsync(CancellationToken.None);
        Assert.NotEqual(key1, key3);
    }

    [Fact]
    public async Task Missing_gcc_names_the_install_command()
    {
        var builder = new GuestImageBuilder(_cache, gccProgram: "gcc-that-does-not-exist");

        var ex = await Assert.ThrowsAsync<MissingPrerequisiteException>(() => builder.BuildInitramfsAsync(CancellationToken.None));

        Assert.Contains("apt-get install -y --no-install-recommends gcc", ex.Message);
    }

    [Fact]
    public void Missing_qemu_names_the_install_command()
    {
        var ex = Assert.Throws<MissingPrerequisiteException>(() => QemuLauncher.FindQemu("qemu-system-that-does-not-exist"));
        Assert.Contains("apt-get install -y --no-install-recommends qemu-system-x86", ex.Message);
    }
}
