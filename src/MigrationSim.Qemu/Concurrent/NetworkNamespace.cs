using System.Diagnostics;
using System.Globalization;
using MigrationSim.Qemu.Processes;

namespace MigrationSim.Qemu.Concurrent;

/// <summary>
/// A fresh, unnamed network namespace held by a small shell ("holder") started with
/// `unshare --net`. It has no name in /run/netns, so nothing outlives its holder: the holder
/// reads its standard input from this process, and when that pipe closes (dispose, or this
/// process dying in any way, SIGKILL included) it kills every process left in the namespace and
/// exits, and the kernel removes the namespace with its links (veth pairs, qdiscs). Commands
/// and QEMUs enter it with nsenter.
/// </summary>
public sealed class NetworkNamespace : IAsyncDisposable
{
    // $$ is the holder itself (unshare execs the shell in place). It ignores SIGINT so that a
    // Ctrl-C reaches the capture, which stops its QEMUs first; end of input is the only way out.
    private const string HolderScript = """
        trap '' INT
        ip link set lo up || exit 3
        echo ready
        while read -r _; do :; done
        me=$(readlink /proc/$$/ns/net)
        for p in /proc/[0-9]*; do
          n=${p#/proc/}
          [ "$n" != "$$" ] && [ "$(readlink "$p/ns/net" 2>/dev/null)" = "$me" ] && kill -9 "$n" 2>/dev/null
        done
        exit 0
        """;

    private readonly Process _holder;
    private int _disposed;

    private NetworkNamespace(Process holder, string label)
    {
        _holder = holder;
        Label = label;
        HolderPid = holder.Id;
        NamespaceId = ReadLink($"/proc/{HolderPid}/ns/net") ?? throw new InvalidOperationException($"holder {HolderPid} of network namespace {label} has no /proc/{HolderPid}/ns/net");
    }

    /// <summary>A name for messages (the holder's $0 is "migsim-netns-LABEL").</summary>
    public string Label { get; }

    public int HolderPid { get; }

    /// <summary>nsenter's --net= argument.</summary>
    public string Path => $"/proc/{HolderPid}/ns/net";

    /// <summary>The namespace's identity, "net:[inode]", to check that nothing is left in it.</summary>
    public string NamespaceId { get; }

    /// <summary>Starts the holder and waits until the namespace exists with its loopback up.</summary>
    public static async Task<NetworkNamespace> CreateAsync(string label, CancellationToken ct)
    {
        if (ExecutableSearch.Find("unshare") is null || ExecutableSearch.Find("nsenter") is null)
            throw new MissingPrerequisiteException("unshare and nsenter (util-linux)", "apt-get install -y util-linux");
        if (ExecutableSearch.Find("ip") is null || ExecutableSearch.Find("tc") is null)
            throw new MissingPrerequisiteException("ip and tc (iproute2)", "apt-get install -y --no-install-recommends iproute2");
        var psi = new ProcessStartInfo("unshare")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "--net", "--", "/bin/sh", "-c", HolderScript, "migsim-netns-" + label })
            psi.ArgumentList.Add(a);
        var holder = Process.Start(psi) ?? throw new InvalidOperationException("could not start unshare");
        try
        {
            var line = await holder.StandardOutput.ReadLineAsync(ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), ct);
            if (line != "ready")
            {
                string err = await holder.StandardError.ReadToEndAsync(ct).WaitAsync(TimeSpan.FromSeconds(2), ct);
                throw new InvalidOperationException(
                    $"could not create a network namespace (unshare --net needs root): {err.Trim()} (exit {(holder.HasExited ? holder.ExitCode : -1)})");
            }

            return new NetworkNamespace(holder, label);
        }
        catch
        {
            Stop(holder);
            holder.Dispose();
            throw;
        }
    }

    /// <summary>Runs a tool (ip, tc, sysctl) inside the namespace.</summary>
    internal Task<ExternalCommand.Result> RunAsync(string program, IEnumerable<string> arguments, CancellationToken ct) =>
        ExternalCommand.RunAsync("nsenter", new[] { "--net=" + Path, "--", program }.Concat(arguments), ct);

    /// <summary>As <see cref="RunAsync"/>, throwing with the command and its output when it fails.</summary>
    public async Task<string> RunCheckedAsync(string program, IReadOnlyList<string> arguments, CancellationToken ct)
    {
        var result = await RunAsync(program, arguments, ct);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"in network namespace {Label}: `{program} {string.Join(' ', arguments)}` failed, {result.Describe()}");
        return result.StandardOutput;
    }

    /// <summary>The value of a sysctl inside the namespace (e.g. net.ipv4.tcp_congestion_control).</summary>
    public async Task<string> SysctlAsync(string key, CancellationToken ct) =>
        (await RunCheckedAsync("sysctl", ["-n", key], ct)).Trim().Replace('\t', ' ');

    /// <summary>Ids of processes other than the holder that are still in this namespace.</summary>
    public IReadOnlyList<int> Members() => MembersOf(NamespaceId, HolderPid);

    /// <summary>Processes whose network namespace is <paramref name="namespaceId"/> ("net:[inode]").</summary>
    public static IReadOnlyList<int> MembersOf(string namespaceId, int exceptPid = -1)
    {
        var found = new List<int>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(System.IO.Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || pid == exceptPid)
                continue;
            if (ReadLink(System.IO.Path.Combine(dir, "ns", "net")) == namespaceId)
                found.Add(pid);
        }

        return found;
    }

    /// <summary>
    /// Closes the holder's input without waiting, exactly what this process dying does; for
    /// tests of the clean-up that follows a killed capture.
    /// </summary>
    internal void Abandon() => _holder.StandardInput.Close();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        try
        {
            _holder.StandardInput.Close();
            await _holder.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is TimeoutException or IOException)
        {
            Stop(_holder);
        }
        finally
        {
            _holder.Dispose();
        }
    }

    private static void Stop(Process holder)
    {
        try
        {
            if (!holder.HasExited) holder.Kill(entireProcessTree: true);
            holder.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static string? ReadLink(string path)
    {
        try { return new FileInfo(path).LinkTarget; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }
}
