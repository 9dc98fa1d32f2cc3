using System.Collections.Concurrent;
using MigrationSim.Qemu.Capture;

namespace MigrationSim.Qemu.Tests.Infrastructure;

/// <summary>
/// A real-QEMU test's output folder and the QEMUs its captures started: disposing checks that
/// every one of them is gone (not running, not a zombie) and deletes the folder.
/// </summary>
public sealed class QemuTestWorkspace(string prefix) : IDisposable
{
    private readonly ConcurrentDictionary<int, string> _pids = new();

    public string Out { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>QEMU process ids seen so far, with their role.</summary>
    public IReadOnlyDictionary<int, string> Pids => _pids;

    /// <summary>Remembers the QEMUs a progress report names, prefixing their role with <paramref name="label"/>.</summary>
    public void Remember(CaptureProgress p, string label = "")
    {
        if (p.SourcePid is { } s) _pids.TryAdd(s, label + "source qemu");
        if (p.DestinationPid is { } d) _pids.TryAdd(d, label + "destination qemu");
    }

    /// <summary>A progress sink that remembers the QEMUs, then runs <paramref name="also"/>.</summary>
    public InlineProgress<CaptureProgress> Track(Action<CaptureProgress>? also = null) => new(p =>
    {
        Remember(p);
        also?.Invoke(p);
    });

    public void Dispose()
    {
        foreach (var (pid, role) in _pids)
            ProcessAssert.Gone(pid, role);
        Directory.Delete(Out, recursive: true);
    }
}
