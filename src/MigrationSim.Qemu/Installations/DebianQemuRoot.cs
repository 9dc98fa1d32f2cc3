using MigrationSim.Qemu.Guest;
using MigrationSim.Qemu.Processes;

namespace MigrationSim.Qemu.Installations;

/// <summary>
/// QEMU 10.0 on a Debian 12 host: Debian 13's qemu-system-x86 does not install here, so a
/// minimal Debian 13 (trixie) root with it is made once with debootstrap and kept in the cache
/// (~360 MB; a few minutes on a shared 2-core machine). Its binary runs outside the root through
/// the root's own loader and libraries (<see cref="QemuBinary"/>). The root is built in a hidden
/// sibling and renamed into place, under a lock file, so concurrent captures and an interrupted
/// build never see half a root.
/// </summary>
/// <param name="cacheDirectory">The migsim cache (see <see cref="CacheDirectory"/>); the root goes to qemu/debian-trixie/.</param>
/// <param name="mirror">Debian mirror; null = the one apt uses here (<see cref="AptMirror"/>).</param>
public sealed class DebianQemuRoot(string cacheDirectory, string? mirror = null)
{
    public const string Suite = "trixie";
    public const string DebootstrapInstallCommand = "apt-get install -y --no-install-recommends debootstrap";
    private const string ReadyMarker = "migsim-ready";

    /// <summary>Where the finished root lives.</summary>
    public string Folder => Path.Combine(cacheDirectory, "qemu", "debian-" + Suite);

    public string RootPath => Path.Combine(Folder, "root");

    /// <summary>True when the root was built completely before.</summary>
    public bool IsReady => File.Exists(Path.Combine(Folder, ReadyMarker));

    /// <summary>The QEMU in the root (built first if needed; <paramref name="log"/> hears what is happening).</summary>
    public async Task<QemuBinary> GetAsync(Action<string>? log, CancellationToken ct)
    {
        if (!IsReady)
            await BuildAsync(log, ct);
        return Binary(RootPath);
    }

    /// <summary>How to run the qemu-system-x86_64 of a Debian root at <paramref name="root"/>.</summary>
    public static QemuBinary Binary(string root)
    {
        string lib = Path.Combine(root, "usr", "lib", "x86_64-linux-gnu");
        return new QemuBinary(
            Path.Combine(root, "usr", "bin", "qemu-system-x86_64"),
            Path.Combine(root, "usr", "lib64", "ld-linux-x86-64.so.2"),
            lib,
            // The BIOS lives in seabios/, not qemu/: without the second -L QEMU takes the host's bios-256k.bin.
            [Path.Combine(root, "usr", "share", "qemu"), Path.Combine(root, "usr", "share", "seabios")],
            Path.Combine(lib, "qemu"),
            $"QEMU from the Debian {Suite} root {root}");
    }

    private async Task BuildAsync(Action<string>? log, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Folder)!);
        using var lease = await LockAsync(ct);
        if (IsReady)
            return; // another process built it while this one waited

        var debootstrap = ExecutableSearch.Find("debootstrap") ?? ExecutableSearch.Find("/usr/sbin/debootstrap")
            ?? throw new MissingPrerequisiteException("debootstrap (to build the QEMU 10.0 root)", DebootstrapInstallCommand);
        await RemoveLeftoversAsync();
        string source = mirror ?? AptMirror.Find();
        string staging = StagingPrefix + Guid.NewGuid().ToString("N")[..8];
        string stagingRoot = Path.Combine(staging, "root");
        Directory.CreateDirectory(staging);
        log?.Invoke($"building the QEMU 10.0 root once (debootstrap --variant=minbase --include=qemu-system-x86 {Suite}, from {source}): a few minutes, about 360 MB, kept in {Folder}");
        var started = DateTime.UtcNow;
        try
        {
            var run = await ExternalCommand.RunAsync(debootstrap, ["--variant=minbase", "--include=qemu-system-x86", Suite, stagingRoot, source], ct);
            if (run.ExitCode != 0)
            {
                string tail = string.Join('\n', (run.StandardOutput + run.StandardError).Split('\n').TakeLast(12));
                throw new InvalidOperationException($"debootstrap of Debian {Suite} from {source} failed (exit {run.ExitCode}); its last lines:\n{tail}");
            }
            var binary = Binary(stagingRoot);
            if (!File.Exists(binary.Program) || !File.Exists(binary.Loader))
                throw new InvalidOperationException($"debootstrap finished but {binary.Program} or {binary.Loader} is missing");
            var version = await binary.QueryVersionAsync(ct);
            File.WriteAllText(Path.Combine(staging, ReadyMarker),
                $"{version}\nbuilt {DateTime.UtcNow:O} in {(DateTime.UtcNow - started).TotalSeconds:0} s from {source}\n");
            if (Directory.Exists(Folder))
                Directory.Delete(Folder, recursive: true); // an incomplete earlier root without the marker
            Directory.Move(staging, Folder);
            log?.Invoke($"QEMU {version} ready in {Folder} ({(DateTime.UtcNow - started).TotalSeconds:0} s)");
        }
        catch
        {
            await RemoveAsync(staging);
            throw;
        }
    }

    private string StagingPrefix => Path.Combine(Path.GetDirectoryName(Folder)!, ".debian-" + Suite + ".partial-");

    /// <summary>Roots a killed build left behind (with whatever debootstrap had mounted inside).</summary>
    private async Task RemoveLeftoversAsync()
    {
        var parent = Path.GetDirectoryName(Folder)!;
        foreach (var dir in Directory.GetDirectories(parent, Path.GetFileName(StagingPrefix) + "*"))
            await RemoveAsync(dir);
    }

    private static async Task RemoveAsync(string dir)
    {
        // debootstrap mounts proc/sys in the target while it configures packages; a killed run
        // leaves them mounted, and deleting through a mounted /proc would fail or worse.
        foreach (var mount in MountsUnder(dir).OrderByDescending(m => m.Length))
            await ExternalCommand.RunAsync("umount", ["-l", mount], CancellationToken.None);
        if (Directory.Exists(dir))
            Directory.Delete(dir, recursive: true);
    }

    private static IEnumerable<string> MountsUnder(string dir)
    {
        if (!File.Exists("/proc/mounts")) return [];
        string full = Path.GetFullPath(dir) + "/";
        return File.ReadAllLines("/proc/mounts")
            .Select(l => l.Split(' '))
            .Where(f => f.Length > 1)
            .Select(f => f[1].Replace("\\040", " "))
            .Where(m => m.StartsWith(full, StringComparison.Ordinal))
            .ToList();
    }

    /// <summary>An exclusive lock file: the second process waits for the first one's build.</summary>
    private async Task<FileStream> LockAsync(CancellationToken ct)
    {
        string path = Folder + ".lock";
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
        }
    }
}
