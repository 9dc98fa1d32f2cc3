using System.Globalization;
using System.Text.Json.Nodes;
using MigrationSim.Model.Migration;

namespace MigrationSim.Analysis.Planning;

/// <summary>
/// A chosen setting as the commands that apply it: QMP (migrate-set-capabilities,
/// migrate-set-parameters, migrate, and migrate-start-postcopy with when to send it) and libvirt
/// (virsh migrate-setmaxdowntime, virsh migrate). QEMU takes max-bandwidth in bytes/s and
/// downtime-limit in ms; virsh takes --bandwidth and --postcopy-bandwidth in MiB/s.
/// </summary>
public static class MigrationCommands
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static IReadOnlyList<string> Qmp(PlanCandidate c)
    {
        bool postcopy = c.UsesPostcopy;
        var caps = new JsonArray();
        if (postcopy) caps.Add(new JsonObject { ["capability"] = "postcopy-ram", ["state"] = true });
        if (c.UsesPrecopyKnobs && c.AutoConverge) caps.Add(new JsonObject { ["capability"] = "auto-converge", ["state"] = true });
        var parameters = new JsonObject { ["max-bandwidth"] = (long)Math.Round(c.BandwidthBytesPerSecond) };
        if (c.UsesPrecopyKnobs) parameters["downtime-limit"] = (long)Math.Round(c.DowntimeLimit.Milliseconds);
        if (postcopy) parameters["max-postcopy-bandwidth"] = (long)Math.Round(c.BandwidthBytesPerSecond);
        var lines = new List<string>();
        if (c.ScenarioPolicy is { } own) lines.Add(NotQemu(own.Name));
        if (caps.Count > 0)
            lines.Add(Command("migrate-set-capabilities", new JsonObject { ["capabilities"] = caps }) + (postcopy ? "   # on both hosts for postcopy-ram" : ""));
        lines.Add(Command("migrate-set-parameters", parameters));
        lines.Add(Command("migrate", new JsonObject { ["uri"] = "tcp:DESTINATION:4444" }));
        if (postcopy) lines.Add(Command("migrate-start-postcopy", null) + "   # " + SwitchWhen(c));
        return lines;
    }

    public static IReadOnlyList<string> Virsh(PlanCandidate c)
    {
        var lines = new List<string>();
        if (c.ScenarioPolicy is { } own) lines.Add(NotQemu(own.Name));
        if (c.UsesPrecopyKnobs)
            lines.Add($"virsh migrate-setmaxdowntime DOMAIN --downtime {Math.Round(c.DowntimeLimit.Milliseconds).ToString(C)}");
        string mib = Math.Max(1, Math.Round(c.BandwidthBytesPerSecond / (1 << 20))).ToString(C);
        var migrate = new List<string> { "virsh migrate --live --persistent --undefinesource", $"--bandwidth {mib}" };
        if (c.UsesPrecopyKnobs && c.AutoConverge) migrate.Add("--auto-converge");
        if (c.UsesPostcopy)
        {
            migrate.Add("--postcopy");
            migrate.Add($"--postcopy-bandwidth {mib}");
            // libvirt switches by itself only after the first pass; other rules need migrate-postcopy.
            if (c.Switch?.AfterIterations == 1) migrate.Add("--postcopy-after-precopy");
        }
        migrate.Add("DOMAIN qemu+ssh://DESTINATION/system");
        lines.Add(string.Join(' ', migrate));
        if (c.UsesPostcopy && c.Switch?.AfterIterations != 1)
            lines.Add($"virsh migrate-postcopy DOMAIN   # {SwitchWhen(c)}");
        return lines;
    }

    private static string SwitchWhen(PlanCandidate c) => c.Policy == PlanPolicy.Postcopy
        ? "at once, right after migrate"
        : c.Switch switch
        {
            { AfterIterations: { } n } => $"when query-migrate's dirty-sync-count exceeds {n}",
            { AfterTime: { } t } => $"{t.Seconds.ToString("0.###", C)} s after migrate",
            { OnStall: { } s } => $"when precopy stalls: for {s.Iterations} iterations in a row the dirty rate exceeds {s.DirtyFraction.ToString("0%", C)} of the send rate, or pending stops shrinking",
            _ => c.ScenarioPolicy is { } own ? $"when {own.Name} decides" : "never",
        };

    /// <summary>A plug-in's policy is the simulator's: QEMU runs with these knobs, and the policy's own decisions need an orchestrator.</summary>
    private static string NotQemu(string policy) =>
        $"# {policy} is a simulated policy: these commands set QEMU's knobs; its own decisions (when to stop, switch or change a parameter) must come from an orchestrator";

    private static string Command(string name, JsonObject? arguments)
    {
        var o = new JsonObject { ["execute"] = name };
        if (arguments is not null) o["arguments"] = arguments;
        return o.ToJsonString();
    }
}
