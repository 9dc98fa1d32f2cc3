using System.Text.Json;
using MigrationSim.Analysis.Fleets;
using MigrationSim.Cli.Capture;
using MigrationSim.Kernel;
using MigrationSim.Model.Migration;
using MigrationSim.Qemu.Capture;
using MigrationSim.Qemu.Concurrent;
using MigrationSim.Scenarios;
using MigrationSim.Scenarios.Fleets;
using MigrationSim.Traces.Format;

namespace MigrationSim.Cli.Validation;

/// <summary>
/// Reads a concurrent capture folder (fleet.yaml as run, fleet.json with when each migrate was
/// issued, and a capture folder per migration) into a <see cref="MeasuredFleet"/>, or says why it
/// cannot be used.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public static class FleetTraceLoader
{
    /// <summary>A concurrent capture's folder holds fleet.json.</summary>
    public static bool IsFleetCapture(string folder) => File.Exists(Path.Combine(folder, ConcurrentMigrationRunner.FleetFile));

    public static (MeasuredFleet? Fleet, string? Reason) Load(string folder, HostProfile profile)
    {
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
        string fleetFile = Path.Combine(folder, FleetCapturePlan.FleetSourceFile);
        if (!File.Exists(fleetFile)) return (null, $"{FleetCapturePlan.FleetSourceFile} is missing (the fleet the capture ran)");
        FleetFile fleet;
        JsonDocument json;
        try
        {
            fleet = FleetLoader.LoadFile(fleetFile, profile: profile);
            fleet.EnsureSimulated();
            json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, ConcurrentMigrationRunner.FleetFile)));
        }
        catch (ScenarioException e) { return (null, $"the simulator cannot run its fleet: {e.Message}"); }
        catch (Exception e) when (e is IOException or JsonException) { return (null, e.Message); }

        using (json)
        {
            var byName = json.RootElement.GetProperty("migrations").EnumerateArray()
                .ToDictionary(m => m.GetProperty("name").GetString()!, m => m, StringComparer.Ordinal);
            var measured = new List<MeasuredFleetMigration>();
            var requests = new List<Model.Fleets.MigrationRequest>();
            foreach (var r in fleet.Spec.Requests)
            {
                if (!byName.TryGetValue(r.Guest, out var m)) return (null, $"fleet.json has no migration of {r.Guest}");
                CaptureSummary s;
                try { s = TraceReader.Read(Path.Combine(folder, r.Guest)).Summary; }
                catch (Exception e) when (e is IOException or TraceFormatException) { return (null, $"{r.Guest}: {e.Message}"); }
                double start = m.GetProperty("start-ms").GetDouble();
                measured.Add(new MeasuredFleetMigration
                {
                    Guest = r.Guest,
                    Status = s.Status ?? "unknown",
                    StartMs = start,
                    EndMs = m.GetProperty("end-ms").GetDouble(),
                    TotalTimeMs = m.GetProperty("end-ms").GetDouble() - start,
                    Transferred = s.Transferred ?? 0,
                    DowntimeMs = s.Status == "completed" ? s.Downtime : null,
                    GuestPauseMs = s.GuestPauseMs,
                    DirtySyncCount = s.DirtySyncCount ?? 0,
                    PostcopyRequests = s.PostcopyRequests ?? 0,
                });
                // Each migration is requested when its migrate really was issued.
                requests.Add(r with { NotBefore = SimTime.FromMilliseconds(start) });
            }
            var topology = json.RootElement.GetProperty("topology");
            string kind = topology.GetProperty("kind").GetString() ?? "";
            // The shapers count every packet's headers: the streams get the tbf rate times
            // (MTU - TCP/IP headers) / (MTU + MAC header), 99.9 % on loopback, 95.6 % on veth.
            // Captures before the MTU was recorded used the devices' defaults.
            int mtu = topology.TryGetProperty("mtu", out var recorded) ? recorded.GetInt32()
                : kind == "shared-link" ? ShapedNetwork.LoopbackMtuBytes : ShapedNetwork.VethMtuBytes;
            var network = fleet.Spec.Network.MtuBytes is null
                ? fleet.Spec.Network with { MtuBytes = mtu, FrameOverheadBytes = ShapedNetwork.ShaperFrameOverheadBytes }
                : fleet.Spec.Network;
            return (new MeasuredFleet
            {
                Name = name,
                Spec = fleet.Spec with { Requests = requests, Network = network },
                Migrations = measured,
                MakespanMs = json.RootElement.GetProperty("makespan-ms").GetDouble(),
                Topology = kind == "shared-link" ? $"shared link {topology.GetProperty("bytes-per-second").GetDouble() / (1 << 20):0.#} MiB/s" : "host links",
            }, null);
        }
    }
}
