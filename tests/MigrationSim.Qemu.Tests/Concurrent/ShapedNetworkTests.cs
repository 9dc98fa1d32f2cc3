using System.Diagnostics;
using MigrationSim.Qemu.Concurrent;
using MigrationSim.Qemu.Tests.Infrastructure;

namespace MigrationSim.Qemu.Tests.Concurrent;

/// <summary>The namespaces and shaped links of concurrent captures, and their removal.</summary>
public sealed class ShapedNetworkTests
{
    private const long MiB = 1L << 20;

    [Fact]
    public void A_link_is_a_token_bucket_at_its_rate_holding_two_segments_or_4_ms()
    {
        Assert.Equal("qdisc replace dev lo root tbf rate 268435456bit burst 134217b latency 100ms",
            string.Join(' ', ShapedNetwork.TbfArguments("lo", 32 * MiB)));
        Assert.Equal("qdisc replace dev up0 root tbf rate 8000000bit burst 131072b latency 100ms",
            string.Join(' ', ShapedNetwork.TbfArguments("up0", 1_000_000)));
        Assert.Throws<ArgumentException>(() => ShapedNetwork.TbfArguments("lo", 0));
    }

    [RootFact]
    public async Task A_namespace_whose_owner_goes_away_takes_its_processes_with_it()
    {
        var ns = await NetworkNamespace.CreateAsync("test-abandon", CancellationToken.None);
        string id = ns.NamespaceId;
        var sleeper = Process.Start(new ProcessStartInfo("nsenter", ["--net=" + ns.Path, "--", "sleep", "600"]) { UseShellExecute = false })!;
        try
        {
            await WaitUntilAsync(() => NetworkNamespace.MembersOf(id).Contains(sleeper.Id), "sleep never appeared in the namespace");

            // Closing the holder's input is what this process dying does.
            ns.Abandon();

            Assert.True(sleeper.WaitForExit(10_000), "the process inside the namespace survived its holder's clean-up");
            await WaitUntilAsync(() => NetworkNamespace.MembersOf(id).Count == 0, "processes are left in the namespace");
        }
        finally
        {
            if (!sleeper.HasExited) sleeper.Kill();
            sleeper.Dispose();
            await ns.DisposeAsync();
        }
    }

    [RootFact]
    public async Task Host_links_route_through_the_router_and_are_shaped_each_way()
    {
        var topology = new HostLinksTopology([new HostLink("a", 10 * MiB, 20 * MiB), new HostLink("b", 30 * MiB, 40 * MiB)]);
        List<string> ids;
        await using (var network = await ShapedNetwork.CreateAsync(topology, CancellationToken.None))
        {
            ids = network.Namespaces.Select(n => n.NamespaceId).ToList();
            var (a, addressA) = network.Host("a");
            var (b, addressB) = network.Host("b");
            var router = network.Namespaces[0];

            Assert.Equal(("10.231.1.2", "10.231.2.2"), (addressA, addressB));
            Assert.Contains("via 10.231.1.1 dev up0", await a.RunCheckedAsync("ip", ["route", "get", addressB], CancellationToken.None));
            Assert.Contains("rate 83886Kbit", await a.RunCheckedAsync("tc", ["qdisc", "show", "dev", "up0"], CancellationToken.None));
            Assert.Contains("rate 335544Kbit", await router.RunCheckedAsync("tc", ["qdisc", "show", "dev", "h2"], CancellationToken.None));
            Assert.Equal("4096 1048576 33554432", await b.SysctlAsync("net.ipv4.tcp_rmem", CancellationToken.None));
            Assert.NotEqual("", network.CongestionControl);
            Assert.Throws<ArgumentException>(() => network.Host("c"));
        }

        foreach (var id in ids)
            await WaitUntilAsync(() => NetworkNamespace.MembersOf(id).Count == 0, $"namespace {id} still has processes");
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string failure)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), failure);
            await Task.Delay(50);
        }
    }
}
