using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MigrationSim.Qemu.Capture;

namespace MigrationSim.Qemu.Concurrent;

/// <summary>
/// Runs several real migrations at once through a bottleneck made with network namespaces and
/// tc: the pairs boot one after another (four TCG guests booting at once on two busy cores can
/// miss the boot timeout) and get their workloads running, then, once all are ready, each
/// migrate is issued at its planned offset. The result is one folder with a capture folder per migration
/// and fleet.json (topology, planned and actual starts, makespan). Namespaces, links and QEMUs
/// are removed on every path out, and by the namespaces' holders if this process dies.
/// </summary>
public static class ConcurrentMigrationRunner
{
    public const string FleetFile = "fleet.json";

    /// <summary>First destination port; migration i listens on FirstPort + i inside its fresh namespace.</summary>
    private const int FirstPort = 4444;

    public static async Task<ConcurrentCaptureResult> RunAsync(ConcurrentCaptureSpec spec, IProgress<ConcurrentCaptureProgress>? progress, CancellationToken ct)
    {
        spec.Validate();
        var finalFolder = Path.Combine(spec.OutputDirectory, spec.Name);
        if (Directory.Exists(finalFolder))
            throw new IOException($"capture folder {finalFolder} already exists");
        Directory.CreateDirectory(spec.OutputDirectory);
        var staging = Path.Combine(spec.OutputDirectory, "." + spec.Name + ".partial-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(staging);
        try
        {
            IReadOnlyList<CaptureResult> captures;
            string congestionControl;
            await using (var network = await ShapedNetwork.CreateAsync(spec.Topology, ct))
            {
                congestionControl = network.CongestionControl;
                captures = await RunAllAsync(spec, network, staging, progress, ct);
            }

            var first = captures.Min(c => c.Summary.StartUtc);
            var starts = captures.Select(c => (c.Summary.StartUtc - first).TotalMilliseconds).ToList();
            // QEMU 7.2 sometimes reports a completed migration with total-time 0 (seen here with an
            // unlimited max-bandwidth); the poller's own clock then times it.
            var ends = captures.Select((c, i) => starts[i] + (c.Summary.TotalTime is { } t and > 0 ? t : c.Summary.CaptureMs)).ToList();
            double makespan = ends.Max();
            File.WriteAllText(Path.Combine(staging, FleetFile), FleetJson(spec, captures, starts, ends, makespan, first, congestionControl));
            Directory.Move(staging, finalFolder);
            var moved = captures.Select(c => c with { TraceFolder = Path.Combine(finalFolder, Path.GetFileName(c.TraceFolder)) }).ToList();
            return new ConcurrentCaptureResult(finalFolder, moved, starts, ends, makespan);
        }
        catch
        {
            if (Directory.Exists(staging))
                Directory.Delete(staging, recursive: true);
            throw;
        }
    }

    private static async Task<IReadOnlyList<CaptureResult>> RunAllAsync(
        ConcurrentCaptureSpec spec, ShapedNetwork network, string staging, IProgress<ConcurrentCaptureProgress>? progress, CancellationToken ct)
    {
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        int waiting = spec.Migrations.Count;
        using var bootSlot = new SemaphoreSlim(1, 1);
        var allReady = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);

        // Every pair waits here with its guest running; the last one to arrive fixes the common start.
        Func<CancellationToken, Task> Gate(TimeSpan offset) => async token =>
        {
            if (Interlocked.Decrement(ref waiting) == 0)
                allReady.TrySetResult(DateTimeOffset.UtcNow);
            var t0 = await allReady.Task.WaitAsync(token);
            var wait = t0 + offset - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, token);
        };

        async Task<CaptureResult> One(ConcurrentMigration m, int index)
        {
            var source = network.Host(spec.Topology is SharedLinkTopology ? ShapedNetwork.SharedHost : m.SourceHost!);
            var destination = network.Host(spec.Topology is SharedLinkTopology ? ShapedNetwork.SharedHost : m.DestinationHost!);
            var placement = new CapturePlacement
            {
                SourceNetworkNamespace = source.Namespace.Path,
                DestinationNetworkNamespace = destination.Namespace.Path,
                DestinationAddress = destination.Address,
                Port = FirstPort + index,
                BeforeMigrate = Gate(m.StartOffset),
            };
            var capture = m.Spec with { OutputDirectory = staging, CaptureName = m.Name };
            var report = progress is null ? null : new Relay(m.Name, progress);
            int booting = 0;
            void BootDone()
            {
                if (Interlocked.Exchange(ref booting, 0) == 1)
                    bootSlot.Release();
            }
            var gate = placement.BeforeMigrate!;
            placement = placement with { BeforeMigrate = token => { BootDone(); return gate(token); } };
            try
            {
                await bootSlot.WaitAsync(failed.Token);
                booting = 1;
                return await QemuMigrationRunner.RunAsync(capture, report, failed.Token, placement);
            }
            catch
            {
                // One pair that cannot boot or migrate would leave the others waiting at the gate.
                await failed.CancelAsync();
                throw;
            }
            finally
            {
                BootDone();
            }
        }

        var tasks = spec.Migrations.Select(One).ToList();
        try
        {
            return await Task.WhenAll(tasks);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Report the migration that failed, not the ones cancelled because of it.
            var cause = tasks.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException!).FirstOrDefault();
            if (cause is not null)
                throw cause;
            throw;
        }
    }

    private static string FleetJson(ConcurrentCaptureSpec spec, IReadOnlyList<CaptureResult> captures, IReadOnlyList<double> starts,
        IReadOnlyList<double> ends, double makespan, DateTimeOffset first, string congestionControl)
    {
        JsonObject topology = spec.Topology switch
        {
            SharedLinkTopology s => new JsonObject { ["kind"] = "shared-link", ["bytes-per-second"] = s.BytesPerSecond },
            HostLinksTopology h => new JsonObject
            {
                ["kind"] = "host-links",
                ["hosts"] = new JsonArray(h.Hosts.Select(x => (JsonNode)new JsonObject
                {
                    ["name"] = x.Name, ["uplink-bytes-per-second"] = x.UplinkBytesPerSecond, ["downlink-bytes-per-second"] = x.DownlinkBytesPerSecond,
                }).ToArray()),
            },
            _ => new JsonObject(),
        };
        topology["tcp-rmem"] = spec.Topology.TcpReceiveBuffer;
        topology["congestion-control"] = congestionControl;
        var migrations = new JsonArray();
        for (int i = 0; i < captures.Count; i++)
        {
            var m = spec.Migrations[i];
            var s = captures[i].Summary;
            migrations.Add(new JsonObject
            {
                ["name"] = m.Name,
                ["source-host"] = spec.Topology is SharedLinkTopology ? ShapedNetwork.SharedHost : m.SourceHost,
                ["destination-host"] = spec.Topology is SharedLinkTopology ? ShapedNetwork.SharedHost : m.DestinationHost,
                ["planned-start-ms"] = m.StartOffset.TotalMilliseconds,
                ["start-ms"] = Math.Round(starts[i], 1),
                ["end-ms"] = Math.Round(ends[i], 1),
                ["status"] = s.Status,
                ["total-time"] = s.TotalTime,
                ["downtime"] = s.Downtime,
                ["guest-pause-ms"] = s.GuestPauseMs,
                ["transferred"] = s.Transferred,
            });
        }

        var root = new JsonObject
        {
            ["start-utc"] = first.ToString("O", CultureInfo.InvariantCulture),
            ["makespan-ms"] = Math.Round(makespan, 1),
            ["topology"] = topology,
            ["migrations"] = migrations,
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    private sealed class Relay(string name, IProgress<ConcurrentCaptureProgress> inner) : IProgress<CaptureProgress>
    {
        public void Report(CaptureProgress value) => inner.Report(new ConcurrentCaptureProgress(name, value));
    }
}
