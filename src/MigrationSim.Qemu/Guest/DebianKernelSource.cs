using System.Text.RegularExpressions;
using MigrationSim.Qemu.Processes;

namespace MigrationSim.Qemu.Guest;

/// <summary>
/// Fetches the guest kernel from Debian: resolves which versioned package the
/// linux-image-cloud-amd64 metapackage depends on, downloads that .deb with apt-get download,
/// unpacks it with dpkg-deb -x and keeps boot/vmlinuz-* in the cache.
/// </summary>
public sealed partial class DebianKernelSource(string cacheDirectory)
{
    public const string MetaPackage = "linux-image-cloud-amd64";

    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    /// <summary>Returns the cached kernel, downloading it first if needed. Result: (path, package name).</summary>
    public async Task<(string KernelPath, string Package)> GetKernelAsync(CancellationToken ct)
    {
        await OneAtATime.WaitAsync(ct);
        try
        {
            bool updated = false;
            string? package = await ResolvePackageAsync(ct);
            if (package is null)
            {
                await AptUpdateAsync(ct);
                updated = true;
                package = await ResolvePackageAsync(ct)
                    ?? throw new MissingPrerequisiteException(
                        $"Debian package {MetaPackage}", $"apt-get update && apt-cache depends {MetaPackage}",
                        "apt-cache knows no package it depends on");
            }

            var cached = Path.Combine(cacheDirectory, "kernel", package, "vmlinuz");
            if (File.Exists(cached))
                return (cached, package);

            var work = WorkFolder.Create("kernel");
            try
            {
                var download = await ExternalCommand.RunAsync("apt-get", ["download", package], ct, work);
                if (download.ExitCode != 0 && !updated)
                {
                    // Usually the package lists are missing or stale (fresh container).
                    await AptUpdateAsync(ct);
                    download = await ExternalCommand.RunAsync("apt-get", ["download", package], ct, work);
                }

                var deb = Directory.GetFiles(work, "*.deb").FirstOrDefault();
                if (download.ExitCode != 0 || deb is null)
                    throw new MissingPrerequisiteException(
                        $"Debian kernel package {package}", $"apt-get update && apt-get download {package}", download.Describe());

                var unpacked = Path.Combine(work, "root");
                var extract = await ExternalCommand.RunAsync("dpkg-deb", ["-x", deb, unpacked], ct);
                if (extract.ExitCode != 0)
                    throw new InvalidOperationException($"dpkg-deb -x {deb} failed: {extract.Describe()}");

                var vmlinuz = Directory.GetFiles(Path.Combine(unpacked, "boot"), "vmlinuz-*").FirstOrDefault()
                    ?? throw new InvalidOperationException($"{deb} contains no boot/vmlinuz-*");
                CacheDirectory.WriteAtomically(cached, await File.ReadAllBytesAsync(vmlinuz, ct));
                return (cached, package);
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

    private static async Task<string?> ResolvePackageAsync(CancellationToken ct)
    {
        if (ExecutableSearch.Find("apt-cache") is null)
            throw new MissingPrerequisiteException("apt-cache (a Debian system)", "pass a kernel path instead (CaptureSpec.KernelPath)");
        var result = await ExternalCommand.RunAsync("apt-cache", ["depends", MetaPackage], ct);
        if (result.ExitCode != 0)
            return null;
        var match = DependsLine().Match(result.StandardOutput);
        return match.Success ? match.Groups[1].Value : null;
    }

    private static async Task AptUpdateAsync(CancellationToken ct)
    {
        var update = await ExternalCommand.RunAsync("apt-get", ["update"], ct);
        if (update.ExitCode != 0)
            throw new MissingPrerequisiteException("Debian package lists", "apt-get update", update.Describe());
    }

    [GeneratedRegex(@"Depends:\s*(linux-image-[0-9][^\s<>]*)")]
    private static partial Regex DependsLine();
}
