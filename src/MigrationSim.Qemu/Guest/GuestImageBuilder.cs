using System.Security.Cryptography;
using System.Text;
using MigrationSim.Qemu.Processes;

namespace MigrationSim.Qemu.Guest;

/// <summary>
/// Builds (or finds in the cache) the guest: the workload program compiled with gcc -static as
/// /init of an uncompressed newc initramfs, plus a kernel from Debian or from the caller.
/// The initramfs cache key is a hash of the C source, the gcc version and the archive layout,
/// so editing workload.c or upgrading gcc rebuilds it and nothing else does.
/// </summary>
/// <param name="cacheDirectory">Null for <see cref="Guest.CacheDirectory.Default"/>.</param>
/// <param name="workloadSourcePath">Null for the workload.c shipped with this assembly.</param>
/// <param name="gccProgram">The compiler, looked up on PATH unless it contains a '/'.</param>
public sealed class GuestImageBuilder(string? cacheDirectory = null, string? workloadSourcePath = null, string gccProgram = "gcc")
{
    public const string GccInstallCommand = "apt-get install -y --no-install-recommends gcc libc6-dev";

    // Bump when the archive's layout (members, modes) changes, to invalidate cached images.
    private const string LayoutVersion = "newc-v1:init,dev,dev/console,proc";

    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    public string CacheDirectoryPath { get; } = cacheDirectory ?? Guest.CacheDirectory.Default;

    /// <summary>workload.c as shipped next to this assembly (guest/workload.c).</summary>
    public string WorkloadSourcePath { get; } = workloadSourcePath ?? Path.Combine(AppContext.BaseDirectory, "guest", "workload.c");

    /// <summary>The initramfs plus a kernel: <paramref name="kernelPath"/> if given, else Debian's cloud kernel.</summary>
    public async Task<GuestImage> BuildAsync(string? kernelPath, CancellationToken ct)
    {
        var (initramfs, key) = await BuildInitramfsAsync(ct);
        if (kernelPath is not null)
        {
            if (!File.Exists(kernelPath))
                throw new FileNotFoundException($"guest kernel {kernelPath} does not exist", kernelPath);
            return new GuestImage(Path.GetFullPath(kernelPath), initramfs, kernelPath, key);
        }

        var (kernel, package) = await new DebianKernelSource(CacheDirectoryPath).GetKernelAsync(ct);
        return new GuestImage(kernel, initramfs, package, key);
    }

    /// <summary>Returns (path of the cached initramfs, cache key).</summary>
    public async Task<(string Path, string CacheKey)> BuildInitramfsAsync(CancellationToken ct)
    {
        if (!File.Exists(WorkloadSourcePath))
            throw new FileNotFoundException($"guest workload source {WorkloadSourcePath} is missing", WorkloadSourcePath);
        var gcc = ExecutableSearch.Find(gccProgram)
            ?? throw new MissingPrerequisiteException(gccProgram, GccInstallCommand, "needed to compile the guest's /init");

        var version = await ExternalCommand.RunAsync(gcc, ["--version"], ct);
        var gccVersion = version.StandardOutput.Split('\n')[0].Trim();
        var source = await File.ReadAllBytesAsync(WorkloadSourcePath, ct);
        var key = CacheKey(source, gccVersion);
        var initramfs = Path.Combine(CacheDirectoryPath, "guest", key, "initramfs.cpio");

        await OneAtATime.WaitAsync(ct);
        try
        {
            if (File.Exists(initramfs))
                return (initramfs, key);

            var work = WorkFolder.Create("guest");
            try
            {
                var binary = Path.Combine(work, "init");
                var compile = await ExternalCommand.RunAsync(gcc, ["-static", "-O2", "-Wall", "-o", binary, WorkloadSourcePath, "-lm"], ct);
                if (compile.ExitCode != 0)
                {
                    // The usual cause is a gcc without the static C library.
                    if (compile.StandardError.Contains("cannot find -lc", StringComparison.Ordinal))
                        throw new MissingPrerequisiteException("static libc (libc6-dev)", GccInstallCommand, compile.StandardError.Trim());
                    throw new InvalidOperationException($"gcc could not compile {WorkloadSourcePath}: {compile.Describe()}");
                }

                var archive = NewcArchiveWriter.Write(Layout(await File.ReadAllBytesAsync(binary, ct)));
                CacheDirectory.WriteAtomically(initramfs, archive);
                return (initramfs, key);
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
        }
        finally
        {
            OneAtATime.Release();
        }
    }

    /// <summary>
    /// The initramfs members. /dev/console must exist as a node because the kernel opens it for
    /// init's stdin/stdout/stderr before init runs (devtmpfs is not mounted for an initramfs).
    /// </summary>
    public static IReadOnlyList<NewcEntry> Layout(byte[] initBinary) =>
    [
        NewcEntry.Dir("dev"),
        NewcEntry.CharDevice("dev/console", 5, 1),
        NewcEntry.Dir("proc", 0x16D),
        NewcEntry.File("init", initBinary, 0x1ED),
    ];

    private static string CacheKey(byte[] source, string gccVersion)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(source);
        sha.AppendData(Encoding.UTF8.GetBytes("\n" + gccVersion + "\n" + LayoutVersion));
        return Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
    }
}
