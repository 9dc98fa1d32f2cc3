namespace MigrationSim.Qemu.Processes;

/// <summary>What one qemu-system-x86_64 process is started with.</summary>
/// <param name="Name">Label for the VM ("src", "dst"); names files in <paramref name="WorkDirectory"/>.</param>
/// <param name="WorkDirectory">Private folder for the QMP socket and serial log.</param>
/// <param name="MemoryMiB">Guest RAM (-m), in MiB.</param>
/// <param name="KernelPath">-kernel.</param>
/// <param name="InitrdPath">-initrd.</param>
/// <param name="KernelCommandLine">-append.</param>
/// <param name="Accelerator">Kvm or Tcg (Auto must be resolved first).</param>
/// <param name="IncomingUri">For a migration destination, e.g. "tcp:127.0.0.1:4444"; null for a source.</param>
/// <param name="StartPaused">-S: no kernel is needed and the vCPU never runs.</param>
/// <param name="Qemu">Which QEMU to run; null = qemu-system-x86_64 on PATH.</param>
/// <param name="KvmDirtyRing">Under KVM, give it a dirty ring (dirty-ring-size=4096), which the dirty-limit capability needs.</param>
/// <param name="TraceEvents">QEMU trace-event patterns (e.g. "vmstate_downtime*") to record, with timestamps, into <see cref="TraceLogPath"/>; none: no tracing.</param>
public sealed record QemuLaunchOptions(
    string Name,
    string WorkDirectory,
    long MemoryMiB,
    string? KernelPath,
    string? InitrdPath,
    string? KernelCommandLine,
    Accelerator Accelerator,
    string? IncomingUri = null,
    bool StartPaused = false,
    MigrationSim.Qemu.Installations.QemuBinary? Qemu = null,
    bool KvmDirtyRing = false,
    IReadOnlyList<string>? TraceEvents = null)
{
    public string QmpSocketPath => Path.Combine(WorkDirectory, Name + ".qmp");

    public string SerialLogPath => Path.Combine(WorkDirectory, "serial-" + Name + ".log");

    /// <summary>Where QEMU's log backend writes the <see cref="TraceEvents"/> (-D).</summary>
    public string TraceLogPath => Path.Combine(WorkDirectory, "qemu-trace-" + Name + ".log");
}
