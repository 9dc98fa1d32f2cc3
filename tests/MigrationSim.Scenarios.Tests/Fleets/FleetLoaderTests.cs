using MigrationSim.Model.Fleets;
using MigrationSim.Model.Orchestrators.KubeVirt;
using MigrationSim.Model.Orchestrators.Nova;
using MigrationSim.Model.Workloads;
using MigrationSim.Scenarios.Fleets;

namespace MigrationSim.Scenarios.Tests.Fleets;

public class FleetLoaderTests
{
    private const string Hosts = """
        hosts:
          - prefix: node-
            count: 4
            nic: 10Gbit/s
            memory: 64GiB
        """;

    private static string Fleet(string guests, string operation, string extra = "") => $"""
        name: t
        seed: 3
        {extra}
        {Hosts}
        guests:
        {guests}
        operation:
        {operation}
        """;

    private const string TwoGuests = """
          - name: db
            host: node-01
            guest: { memory: 16GiB, resident: 1GiB }
            workload: { kind: uniform, working-set: 25%, rate: 20k pages/s }
          - name: web
            host: node-01
            guest: { memory: 8GiB }
        """;

    private const string Evacuate = """
          kind: evacuate
          hosts: [node-01]
        """;

    private static ScenarioException Refused(string text)
    {
        var e = Assert.Throws<ScenarioException>(() => FleetLoader.Parse(text, "bad.yaml"));
        Assert.StartsWith("bad.yaml", e.Message);
        return e;
    }

    [Fact]
    public void A_fleet_guest_with_multifd_compression_gets_its_program_pages_compressed_size_as_a_scenario_does()
    {
        const string guests = """
              - name: db
                host: node-01
                guest: { memory: 1GiB, resident: 256MiB }
                workload: { kind: uniform, working-set: 25%, rate: 2k pages/s }
                migration: { multifd: true, multifd-channels: 4, multifd-compression: zstd }
            """;
        var m = FleetLoader.Parse(Fleet(guests, Evacuate), "t.yaml").Spec.Guests[0].Settings.Parameters.Multifd!;
        // Computed by compressing the workload's pages, as for a scenario: a few bytes, not the 4 KiB page.
        Assert.InRange(m.CompressedProgramPageBytes!.Value, 1, 200);
    }

    [Fact]
    public void A_fleet_is_read_with_its_hosts_guests_and_defaults()
    {
        var f = FleetLoader.Parse(Fleet(TwoGuests, Evacuate), "t.yaml");
        var s = f.Spec;
        Assert.Equal(["node-01", "node-02", "node-03", "node-04"], s.Hosts.Select(h => h.Name));
        Assert.All(s.Hosts, h => Assert.Equal(10e9 / 8, h.UplinkBytesPerSecond));
        var db = s.Guests[0];
        var w = Assert.IsType<UniformWorkloadSpec>(db.Workload);
        Assert.Equal((16L << 30) / 4 / 4096, w.Pages);
        Assert.Equal("direct", s.Orchestrator.Name);
        Assert.Equal(2, s.Requests.Count);
        Assert.All(s.Requests, r => Assert.Equal("node-01", r.From));
        // least-loaded by default: the two guests go to different hosts
        Assert.NotEqual(s.Requests[0].To, s.Requests[1].To);
        Assert.Contains("name: db", f.GuestScenarios["db"]);
    }

    [Fact]
    public void Groups_draw_their_values_from_the_seed()
    {
        const string group = """
              - group: web
                count: 30
                hosts: [node-01, node-02]
                guest: { memory: [2GiB, 4GiB], resident: 256MiB }
                workload: { kind: uniform, working-set: { uniform: [10%, 50%] }, rate: { log-uniform: [1k pages/s, 100k pages/s] } }
            """;
        var a = FleetLoader.Parse(Fleet(group, Evacuate), "t.yaml").Spec.Guests;
        var b = FleetLoader.Parse(Fleet(group, Evacuate), "t.yaml").Spec.Guests;
        Assert.Equal(30, a.Count);
        Assert.Equal("web-01", a[0].Name);
        Assert.Equal("node-02", a[1].Host);
        Assert.All(a, g => Assert.Contains(g.Guest.MemoryBytes, new[] { 2L << 30, 4L << 30 }));
        Assert.Contains(a, g => g.Guest.MemoryBytes == 2L << 30);
        Assert.Contains(a, g => g.Guest.MemoryBytes == 4L << 30);
        var rates = a.Select(g => g.Workload.MeanRatePagesPerSecond).ToList();
        Assert.All(rates, r => Assert.InRange(r, 1000, 100_000));
        Assert.All(a, g => Assert.InRange(g.Workload.WorkingSetPages * 4096.0 / g.Guest.MemoryBytes, 0.099, 0.501));
        Assert.Equal(a.Select(g => (g.Guest, g.Workload.MeanRatePagesPerSecond, g.Seed)), b.Select(g => (g.Guest, g.Workload.MeanRatePagesPerSecond, g.Seed)));
        var other = FleetLoader.Parse(Fleet(group, Evacuate).Replace("seed: 3", "seed: 4"), "t.yaml").Spec.Guests;
        Assert.NotEqual(rates, other.Select(g => g.Workload.MeanRatePagesPerSecond));
    }

    [Fact]
    public void Nova_options_are_read_under_their_nova_conf_names()
    {
        var f = FleetLoader.Parse(Fleet(TwoGuests, Evacuate, """
            orchestrator:
              kind: nova
              max_concurrent_live_migrations: 2
              live_migration_timeout_action: force_complete
              live_migration_permit_post_copy: true
            """), "t.yaml");
        var nova = Assert.IsType<NovaSpec>(f.Spec.Orchestrator);
        Assert.Equal(2, nova.MaxConcurrentLiveMigrations);
        Assert.Equal(NovaTimeoutAction.ForceComplete, nova.LiveMigrationTimeoutAction);
        Assert.Equal(500, nova.LiveMigrationDowntimeMs);
        Assert.Equal(800, nova.LiveMigrationCompletionTimeoutSeconds);
    }

    [Fact]
    public void KubeVirt_bandwidth_is_a_kubernetes_quantity()
    {
        var f = FleetLoader.Parse(Fleet(TwoGuests, Evacuate, """
            orchestrator: { kind: kubevirt, bandwidthPerMigration: 64Mi, allowPostCopy: true }
            """), "t.yaml");
        var kv = Assert.IsType<KubeVirtSpec>(f.Spec.Orchestrator);
        Assert.Equal(64.0 * (1 << 20), kv.BandwidthPerMigrationBytesPerSecond);
        Assert.True(kv.WorkloadDisruption);
    }

    [Fact]
    public void An_explicit_plan_keeps_its_times_and_dependencies()
    {
        var f = FleetLoader.Parse(Fleet(TwoGuests, """
              kind: plan
              migrations:
                - { id: first, guest: db, to: node-02 }
                - { guest: web, to: node-03, at: 5s }
                - { id: back, guest: db, to: node-01, after: first }
            """), "t.yaml");
        var r = f.Spec.Requests;
        Assert.Equal(5000, r[1].NotBefore.Milliseconds);
        Assert.Equal([0], r[2].After);
        Assert.Equal("node-02", r[2].From);
    }

    [Fact]
    public void A_guest_on_a_host_that_does_not_exist_is_refused_with_did_you_mean()
    {
        var e = Refused(Fleet(TwoGuests.Replace("host: node-01\n    guest: { memory: 8GiB }", "host: node-1\n    guest: { memory: 8GiB }"), Evacuate));
        Assert.Contains("no host 'node-1' (did you mean 'node-01'?)", e.Message);
        Assert.Contains("host", e.Key);
        Assert.True(e.Line > 0);
    }

    [Fact]
    public void A_destination_without_memory_for_the_guest_is_refused()
    {
        var e = Refused(Fleet(TwoGuests + "\n" + """
              - name: big
                host: node-02
                guest: { memory: 60GiB }
            """, """
              kind: plan
              migrations: [{ guest: db, to: node-02 }]
            """));
        Assert.Contains("node-02 has no room for db (16 GiB)", e.Message);
    }

    [Fact]
    public void Evacuating_more_than_the_others_can_hold_is_refused()
    {
        var e = Refused(Fleet(TwoGuests + "\n" + """
              - { name: a, host: node-02, guest: { memory: 60GiB } }
              - { name: b, host: node-03, guest: { memory: 60GiB } }
              - { name: c, host: node-04, guest: { memory: 60GiB } }
            """, Evacuate));
        Assert.Contains("no destination has room for guest db (16 GiB)", e.Message);
    }

    [Fact]
    public void A_plan_that_moves_a_guest_twice_at_once_is_refused()
    {
        var e = Refused(Fleet(TwoGuests, """
              kind: plan
              migrations:
                - { id: one, guest: db, to: node-02 }
                - { id: two, guest: db, to: node-03 }
            """));
        Assert.Contains("a guest migrates once at a time; add after: one", e.Message);
    }

    [Fact]
    public void A_plan_that_depends_on_itself_is_refused()
    {
        var e = Refused(Fleet(TwoGuests, """
              kind: plan
              migrations:
                - { id: one, guest: db, to: node-02, after: two }
                - { id: two, guest: web, to: node-03, after: one }
            """));
        Assert.Contains("depends on itself: one -> two -> one", e.Message);
    }

    [Fact]
    public void A_concurrency_limit_of_zero_is_refused()
    {
        var e = Refused(Fleet(TwoGuests, Evacuate, "orchestrator: { kind: kubevirt, parallelOutboundMigrationsPerNode: 0 }"));
        Assert.Contains("0 would let no migration start", e.Message);
        var v = Refused(Fleet(TwoGuests, Evacuate, "orchestrator: { kind: libvirt, calls-at-once: 0 }"));
        Assert.Contains("out of range; allowed: 1", v.Message);
    }

    [Fact]
    public void An_orchestrator_option_that_does_not_exist_is_refused_with_did_you_mean()
    {
        var e = Refused(Fleet(TwoGuests, Evacuate, "orchestrator: { kind: nova, live_migration_downtime_step: 5 }"));
        Assert.Contains("unknown key (did you mean 'live_migration_downtime_steps'?)", e.Message);
        Assert.Equal("orchestrator.live_migration_downtime_step", e.Key);
        var k = Refused(Fleet(TwoGuests, Evacuate, "orchestrator: { kind: novaa }"));
        Assert.Contains("unknown orchestrator 'novaa' (did you mean 'nova'?)", k.Message);
    }

    [Fact]
    public void Nova_refuses_values_below_its_minimums()
    {
        var e = Refused(Fleet(TwoGuests, Evacuate, "orchestrator: { kind: nova, live_migration_downtime: 50 }"));
        Assert.Contains("out of range; allowed: 100 to", e.Message);
    }

    [Fact]
    public void A_guest_may_not_set_what_its_orchestrator_sets()
    {
        var e = Refused(Fleet(TwoGuests.Replace("guest: { memory: 8GiB }", "guest: { memory: 8GiB }\n    migration: { max-bandwidth: 64MiB/s }"), Evacuate,
            "orchestrator: { kind: nova }"));
        Assert.Contains("is set by the orchestrator (nova", e.Message);
    }

    [Fact]
    public void Keys_of_another_operation_are_not_ignored()
    {
        var e = Refused(Fleet(TwoGuests, Evacuate + "\n  threshold: 80%"));
        Assert.Contains("does not apply to kind: evacuate", e.Message);
    }

    [Fact]
    public void A_list_on_a_single_guest_is_refused()
    {
        var e = Refused(Fleet(TwoGuests.Replace("guest: { memory: 8GiB }", "guest: { memory: [8GiB, 4GiB] }"), Evacuate));
        Assert.Contains("lists and distributions are for groups", e.Message);
    }

    [Fact]
    public void Too_many_guests_on_a_host_are_refused()
    {
        var e = Refused(Fleet(TwoGuests + "\n  - { name: huge, host: node-01, guest: { memory: 48GiB } }\n", Evacuate));
        Assert.Contains("the guests placed on node-01 need 72 GiB; it has 64 GiB", e.Message);
    }

    [Fact]
    public void An_mtu_makes_the_links_carry_headers_and_bad_framing_is_refused()
    {
        Assert.Null(FleetLoader.Parse(Fleet(TwoGuests, Evacuate), "t.yaml").Spec.Network.MtuBytes);
        var net = FleetLoader.Parse(Fleet(TwoGuests, Evacuate, "network: { mtu: 1500B }"), "t.yaml").Spec.Network;
        Assert.Equal(1500, net.MtuBytes);
        Assert.Equal(1448.0 / 1538, net.PayloadFraction, 12);
        var tc = FleetLoader.Parse(Fleet(TwoGuests, Evacuate, "network: { mtu: 9000B, frame-overhead: 14B }"), "t.yaml").Spec.Network;
        Assert.Equal(8948.0 / 9014, tc.PayloadFraction, 12);

        var small = Refused(Fleet(TwoGuests, Evacuate, "network: { mtu: 100B }"));
        Assert.Equal("network.mtu", small.Key);
        Assert.Contains("must be 576B to 65536B", small.Message);
        var unitless = Refused(Fleet(TwoGuests, Evacuate, "network: { mtu: 1500 }"));
        Assert.Contains("has no unit", unitless.Message);
        var alone = Refused(Fleet(TwoGuests, Evacuate, "network: { frame-overhead: 38B }"));
        Assert.Contains("applies with mtu: only", alone.Message);
    }
}
