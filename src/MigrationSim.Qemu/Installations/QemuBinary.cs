using System.Diagnostics;
using System.Text.RegularExpressions;
using MigrationSim.Qemu.Processes;
using MigrationSim.Model.Migration;

namespace MigrationSim.Qemu.Installations;

/// <summary>
/// How to start one qemu-system-x86_64: either a program run directly (the system's, or a path
/// the user gave), or a binary from a foreign root (Debian 13 made by debootstrap) run through
/// that root's own dynamic loader and libraries, with its own firmware and modules, so nothing of
/// the host's QEMU (BIOS, option ROMs, modules) leaks into it.
/// </summary>
/// <param name="Program">The qemu-system-x86_64 executable.</param>
/// <param name="Loader">The root's ld-linux-x86-64.so.2, or null to run <paramref name="Program"/> directly.</param>
/// <param name="LibraryPath">The root's library folder (--library-path of the loader); null without a loader.</param>
/// <param name="FirmwareDirectories">Passed as -L, in order (QEMU searches them before its built-in firmware path).</param>
/// <param name="ModuleDirectory">QEMU_MODULE_DIR, so a foreign binary never loads the host's modules; null = QEMU's own.</param>
/// <param name="Description">What the user asked for, for messages ("QEMU 10.0 from the Debian trixie root in ...").</param>
public sealed partial record QemuBinary(
    string Program,
    string? Loader,
    string? LibraryPath,
    IReadOnlyList<string> FirmwareDirectories,
    string? ModuleDirectory,
    string Description)
{
    /// <summary>
    /// A network namespace to run QEMU in (e.g. "/proc/PID/ns/net"), entered with nsenter, which
    /// execs QEMU in place (the process id stays QEMU's); null = this process's namespace.
    /// </summary>
    public string? NetworkNamespacePath { get; init; }

    /// <summary>A qemu-system-x86_64 run as it is (on PATH or a path), with its own firmware path.</summary>
    public static QemuBinary Direct(string program, string description) => new(program, null, null, [], null, description);

    /// <summary>The file to execute and the arguments before QEMU's own (loader arguments, -L firmware folders).</summary>
    public (string FileName, IReadOnlyList<string> Prefix) CommandLine()
    {
        var prefix = new List<string>();
        if (Loader is not null)
            prefix.AddRange(["--library-path", LibraryPath!, Program]);
        foreach (var dir in FirmwareDirectories)
            prefix.AddRange(["-L", dir]);
        if (NetworkNamespacePath is null)
            return (Loader ?? Program, prefix);
        return ("nsenter", ["--net=" + NetworkNamespacePath, "--", Loader ?? Program, .. prefix]);
    }

    /// <summary>A start info for QEMU with <paramref name="arguments"/> (no redirections set).</summary>
    public ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var (file, prefix) = CommandLine();
        var psi = new ProcessStartInfo(file) { UseShellExecute = false };
        foreach (var a in prefix.Concat(arguments))
            psi.ArgumentList.Add(a);
        if (ModuleDirectory is not null)
            psi.Environment["QEMU_MODULE_DIR"] = ModuleDirectory;
        return psi;
    }

    /// <summary>The version from `qemu-system-x86_64 --version` (no guest is started).</summary>
    public async Task<QemuVersion> QueryVersionAsync(CancellationToken ct)
    {
        // --version loads no module, so QEMU_MODULE_DIR is not needed here.
        var (file, prefix) = CommandLine();
        var result = await ExternalCommand.RunAsync(file, prefix.Append("--version"), ct);
        var line = VersionLine().Match(result.StandardOutput);
        if (result.ExitCode != 0 || !line.Success || QemuVersion.TryParse(line.Groups[1].Value) is not { } version)
            throw new InvalidOperationException($"{Description}: `--version` did not print a QEMU version ({result.Describe()})");
        return version;
    }

    [GeneratedRegex(@"QEMU emulator version (\S+)")]
    private static partial Regex VersionLine();
}
