using System.Globalization;

namespace MigrationSim.Qemu.Concurrent;

/// <summary>
/// The namespaces and shaped links of a <see cref="ConcurrentTopology"/>, and where each host's
/// QEMUs run and listen. Disposing removes everything (each namespace's holder kills what is
/// left in it, and the veth pairs go with the namespaces); so does this process dying.
/// </summary>
public sealed class ShapedNetwork : IAsyncDisposable
{
    /// <summary>The host name every migration uses in a <see cref="SharedLinkTopology"/>.</summary>
    public const string SharedHost = "shared";

    private readonly List<NetworkNamespace> _namespaces = [];
    private readonly Dictionary<string, (NetworkNamespace Namespace, string Address)> _hosts = new(StringComparer.Ordinal);

    private ShapedNetwork(ConcurrentTopology topology) => Topology = topology;

    public ConcurrentTopology Topology { get; }

    /// <summary>Every namespace made, for checks that nothing is left behind.</summary>
    public IReadOnlyList<NetworkNamespace> Namespaces => _namespaces;

    /// <summary>What the namespaces run as TCP congestion control (recorded with the capture).</summary>
    public string CongestionControl { get; private set; } = "";

    /// <summary>The namespace QEMUs of <paramref name="host"/> run in, and the address its destinations listen on.</summary>
    public (NetworkNamespace Namespace, string Address) Host(string host) =>
        _hosts.TryGetValue(host, out var h) ? h : throw new ArgumentException($"no host '{host}' in the topology; hosts: {string.Join(", ", _hosts.Keys)}");

    public static async Task<ShapedNetwork> CreateAsync(ConcurrentTopology topology, CancellationToken ct)
    {
        var network = new ShapedNetwork(topology);
        try
        {
            switch (topology)
            {
                case SharedLinkTopology shared:
                    var ns = await network.AddNamespaceAsync(SharedHost, ct);
                    await ShapeAsync(ns, "lo", shared.BytesPerSecond, ct);
                    network._hosts[SharedHost] = (ns, "127.0.0.1");
                    break;
                case HostLinksTopology links:
                    await network.BuildHostLinksAsync(links, ct);
                    break;
                default:
                    throw new ArgumentException($"unknown topology {topology.GetType().Name}");
            }

            network.CongestionControl = await network._namespaces[0].SysctlAsync("net.ipv4.tcp_congestion_control", ct);
            return network;
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    private async Task BuildHostLinksAsync(HostLinksTopology links, CancellationToken ct)
    {
        if (links.Hosts.Count is < 2 or > 200)
            throw new ArgumentException("HostLinksTopology needs 2 to 200 hosts");
        var router = await AddNamespaceAsync("router", ct);
        await router.RunCheckedAsync("sysctl", ["-q", "-w", "net.ipv4.ip_forward=1"], ct);
        for (int k = 0; k < links.Hosts.Count; k++)
        {
            var host = links.Hosts[k];
            var ns = await AddNamespaceAsync(host.Name, ct);
            string hostAddress = $"10.231.{k + 1}.2", routerAddress = $"10.231.{k + 1}.1";
            string routerEnd = "h" + (k + 1).ToString(CultureInfo.InvariantCulture);
            // Both ends are created straight inside their namespaces: nothing ever exists in this
            // process's namespace, so nothing can be left there.
            var add = await Processes.ExternalCommand.RunAsync("ip",
                ["link", "add", "name", "up0", "netns", ns.HolderPid.ToString(CultureInfo.InvariantCulture),
                 "type", "veth", "peer", "name", routerEnd, "netns", router.HolderPid.ToString(CultureInfo.InvariantCulture)], ct);
            if (add.ExitCode != 0)
                throw new InvalidOperationException($"could not create the veth pair of host {host.Name}: {add.Describe()}");
            await ns.RunCheckedAsync("ip", ["addr", "add", hostAddress + "/24", "dev", "up0"], ct);
            await ns.RunCheckedAsync("ip", ["link", "set", "up0", "up"], ct);
            await ns.RunCheckedAsync("ip", ["route", "add", "default", "via", routerAddress], ct);
            await router.RunCheckedAsync("ip", ["addr", "add", routerAddress + "/24", "dev", routerEnd], ct);
            await router.RunCheckedAsync("ip", ["link", "set", routerEnd, "up"], ct);
            await ShapeAsync(ns, "up0", host.UplinkBytesPerSecond, ct);
            await ShapeAsync(router, routerEnd, host.DownlinkBytesPerSecond, ct);
            _hosts[host.Name] = (ns, hostAddress);
        }
    }

    private async Task<NetworkNamespace> AddNamespaceAsync(string label, CancellationToken ct)
    {
        var ns = await NetworkNamespace.CreateAsync(label, ct);
        _namespaces.Add(ns);
        await ns.RunCheckedAsync("sysctl", ["-q", "-w", "net.ipv4.tcp_rmem=" + Topology.TcpReceiveBuffer], ct);
        return ns;
    }

    /// <summary>
    /// A token bucket on the device's egress. The bucket holds at least two 64 KiB segments
    /// (loopback and veth hand tbf 64 KiB GSO packets) or 4 ms of traffic; the queue holds
    /// 100 ms, so the link stays busy without a round trip that grows without bound.
    /// </summary>
    internal static IReadOnlyList<string> TbfArguments(string device, long bytesPerSecond)
    {
        if (bytesPerSecond <= 0)
            throw new ArgumentException($"link rate of {device} must be positive, got {bytesPerSecond} B/s");
        long burst = Math.Max(2 * 65536, bytesPerSecond / 250);
        return ["qdisc", "replace", "dev", device, "root", "tbf",
            "rate", (bytesPerSecond * 8).ToString(CultureInfo.InvariantCulture) + "bit",
            "burst", burst.ToString(CultureInfo.InvariantCulture) + "b",
            "latency", "100ms"];
    }

    private static Task ShapeAsync(NetworkNamespace ns, string device, long bytesPerSecond, CancellationToken ct) =>
        ns.RunCheckedAsync("tc", TbfArguments(device, bytesPerSecond), ct);

    public async ValueTask DisposeAsync()
    {
        for (int i = _namespaces.Count - 1; i >= 0; i--)
            await _namespaces[i].DisposeAsync();
    }
}
