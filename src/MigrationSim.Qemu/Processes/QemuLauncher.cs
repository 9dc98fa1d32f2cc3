using System.Diagnostics;
using System.Globalization;
using MigrationSim.Qemu.Installations;

namespace MigrationSim.Qemu.Processes;

/// <summary>Finds qemu-system-x86_64 and turns <see cref="QemuLaunchOptions"/> into a command line.</summary>
public static class QemuLauncher
{
    public const string QemuInstallCommand = "apt-get install -y --no-install-recommends qemu-system-x86";

    public const string QemuProgram = "qemu-system-x86_64";

    /// <summary>Path of qemu-system-x86_64 on PATH, or null.</summary>
    public static string? TryFindQemu(string program = QemuProgram) => ExecutableSearch.Find(program);

    /// <summary>Path of the QEMU program; throws <see cref="MissingPrerequisiteException"/> with the install command if absent.</summary>
    public static string FindQemu(string program = QemuProgram) =>
        TryFindQemu(program) ?? throw new MissingPrerequisiteException(program, QemuInstallCommand, "not found on PATH");

    /// <summary>The arguments, without the program name.</summary>
    public static IReadOnlyList<string> BuildArguments(QemuLaunchOptions o)
    {
        if (o.Accelerator == Accelerator.Auto)
            throw new ArgumentException("resolve Accelerator.Auto (AcceleratorProbe) before launching", nameof(o));

        var args = new List<string>
        {
            "-name", "migsim-" + o.Name,
            "-machine", "pc",
            // A single vCPU keeps TCG deterministic enough and makes the guest's write rate one thread's rate.
            "-accel", o.Accelerator == Accelerator.Kvm ? (o.KvmDirtyRing ? "kvm,dirty-ring-size=4096" : "kvm") : "tcg",
            "-cpu", o.Accelerator == Accelerator.Kvm ? "host" : "qemu64",
            "-smp", "1",
            "-m", o.MemoryMiB.ToString(CultureInfo.InvariantCulture),
            "-nodefaults",
            "-no-user-config",
            "-display", "none",
            // A guest panic must end QEMU rather than loop through reboots.
            "-no-reboot",
            "-serial", "file:" + o.SerialLogPath,
            "-qmp", $"unix:{o.QmpSocketPath},server=on,wait=off",
        };
        if (o.KernelPath is not null)
            args.AddRange(["-kernel", o.KernelPath]);
        if (o.InitrdPath is not null)
            args.AddRange(["-initrd", o.InitrdPath]);
        if (o.KernelCommandLine is not null)
            args.AddRange(["-append", o.KernelCommandLine]);
        if (o.IncomingUri is not null)
            args.AddRange(["-incoming", o.IncomingUri]);
        if (o.StartPaused)
            args.Add("-S");
        if (o.TraceEvents is { Count: > 0 } events)
        {
            // Debian builds QEMU with the log trace backend: each line is "PID@SECONDS.MICROSECONDS:event args"
            // once -msg timestamp=on is given, on the host's realtime clock, so two processes' logs interleave.
            args.AddRange(["-msg", "timestamp=on"]);
            foreach (string e in events) args.AddRange(["-trace", "enable=" + e]);
            args.AddRange(["-D", o.TraceLogPath]);
        }
        return args;
    }

    /// <summary>
    /// Starts QEMU and connects to its QMP socket. On any failure the process is killed before the
    /// exception leaves, so no caller ever holds a half-started VM.
    /// </summary>
    public static async Task<QemuProcess> StartAsync(QemuLaunchOptions options, CancellationToken ct, TimeSpan? qmpTimeout = null, bool recordTranscript = false)
    {
        var qemu = options.Qemu ?? QemuBinary.Direct(FindQemu(), "the system's qemu-system-x86_64");
        Directory.CreateDirectory(options.WorkDirectory);
        var psi = qemu.StartInfo(BuildArguments(options));
        psi.RedirectStandardInput = true;
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;

        // QEMU must not outlive migsim, even a migsim killed with SIGKILL.
        var process = new QemuProcess(options, ParentDeathSignal.Wrap(psi));
        try
        {
            await process.ConnectQmpAsync(qmpTimeout ?? TimeSpan.FromSeconds(15), recordTranscript, ct);
            return process;
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }
}
