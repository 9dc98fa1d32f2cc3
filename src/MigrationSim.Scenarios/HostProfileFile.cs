using System.Globalization;
using System.Text;
using MigrationSim.Model.Migration;
using MigrationSim.Scenarios.Yaml;

namespace MigrationSim.Scenarios;

/// <summary>
/// A host profile file: the `host:` constants that calibration fits (the same keys as a
/// scenario's host section), so a planner calibrates once on their hosts and then simulates
/// with `--profile`. Other top-level keys: `description`, `fitted-on`, `unfitted`, `notes`.
/// </summary>
public static class HostProfileFile
{
    /// <summary>Reads a profile file; a bad one is a <see cref="ScenarioException"/> naming file, line and key.</summary>
    public static HostProfile Load(string path) => Read(path).Profile;

    /// <summary>The profile and the keys its calibration could not fit (`unfitted:`; absent = none listed); a bad file is a <see cref="ScenarioException"/>.</summary>
    public static HostProfileDocument Read(string path)
    {
        string text = YamlFile.Read(path, "profile");
        var root = new YamlSection(ScenarioLoader.LoadRoot(text, path), path, "").Expect("description", "fitted-on", "unfitted", "notes", "host");
        root.String("description");
        root.String("fitted-on");
        root.Has("notes");
        var unfitted = root.ScalarList("unfitted");
        var host = root.Section("host") ?? throw root.Missing("host", "{ switchover-cost: 5ms, ... }");
        var profile = ScenarioLoader.ParseHost(host);
        root.RejectUnknownKeys();
        return new HostProfileDocument(profile, unfitted);
    }

    /// <summary>The text of a profile file holding <paramref name="h"/>, with its description, what it was fitted on, the keys left unfitted and notes.</summary>
    public static string Format(HostProfile h, string description, string fittedOn, IEnumerable<string> notes, IReadOnlyList<string>? unfitted = null)
    {
        var c = CultureInfo.InvariantCulture;
        var b = new StringBuilder();
        b.AppendLine($"# Host profile written by migsim validate. Use it with: migsim run SCENARIO --profile THIS-FILE");
        b.AppendLine($"description: \"{description.Replace("\"", "'")}\"");
        b.AppendLine($"fitted-on: \"{fittedOn.Replace("\"", "'")}\"");
        b.AppendLine($"unfitted: [{string.Join(", ", unfitted ?? [])}]   # keys no calibration capture isolated: defaults, not this host's values");
        b.AppendLine("notes:");
        foreach (var n in notes) b.AppendLine($"  - \"{n.Replace("\"", "'")}\"");
        b.AppendLine("host:");
        b.AppendLine($"  qemu-version: \"{h.Qemu.Release}\"");
        string Ms(Kernel.SimTime t) => (t.Nanoseconds / 1e6).ToString("0.######", c) + "ms";
        b.AppendLine($"  setup-time: {Ms(h.SetupTime)}");
        b.AppendLine($"  switchover-cost: {Ms(h.SwitchoverCost)}");
        b.AppendLine($"  page-scan-time: {(h.PageScanTime.Nanoseconds).ToString(c)}ns");
        b.AppendLine($"  zero-page-time: {(h.ZeroPageTime.Nanoseconds).ToString(c)}ns");
        b.AppendLine($"  extra-ram: {h.ExtraRamBytes.ToString(c)}B");
        b.AppendLine($"  socket-buffer: {h.SocketBufferBytes.ToString(c)}B");
        if (h.EffectiveBandwidthBytesPerSecond is { } e) b.AppendLine($"  effective-bandwidth: {e.ToString("0", c)}B/s");
        if (h.StoppedBandwidthBytesPerSecond is { } s) b.AppendLine($"  stopped-bandwidth: {s.ToString("0", c)}B/s");
        if (h.MultifdCores != 1) b.AppendLine($"  multifd-cores: {h.MultifdCores.ToString("0.###", c)}");
        if (h.MultifdZlibPageTime > Kernel.SimTime.Zero) b.AppendLine($"  multifd-zlib-page-time: {(h.MultifdZlibPageTime.Nanoseconds).ToString(c)}ns");
        if (h.MultifdZstdPageTime > Kernel.SimTime.Zero) b.AppendLine($"  multifd-zstd-page-time: {(h.MultifdZstdPageTime.Nanoseconds).ToString(c)}ns");
        if (h.MultifdZlibImagePageBytes is { } zi) b.AppendLine($"  multifd-zlib-image-page-bytes: {zi.ToString("0.#", c)}");
        if (h.MultifdZstdImagePageBytes is { } si) b.AppendLine($"  multifd-zstd-image-page-bytes: {si.ToString("0.#", c)}");
        b.AppendLine($"  image-footprint: {h.ImageFootprintBytes.ToString(c)}B");
        b.AppendLine($"  image-footprint-per-gib: {h.ImageFootprintPerGiBBytes.ToString(c)}B");
        b.AppendLine($"  image-reusable: {h.ImageReusableBytes.ToString(c)}B");
        if (h.ImageDensity != 1) b.AppendLine($"  image-density: {h.ImageDensity.ToString("0.######", c)}");
        if (h.ImageTopShare != 0) b.AppendLine($"  image-top-share: {h.ImageTopShare.ToString("0.######", c)}");
        b.AppendLine($"  background-dirty-rate: {h.BackgroundDirtyRatePagesPerSecond.ToString("0.###", c)} pages/s");
        b.AppendLine($"  destination-resume-time: {Ms(h.DestinationResumeTime)}");
        if (h.PostcopyResumeTime is { } pr) b.AppendLine($"  postcopy-resume-time: {Ms(pr)}");
        b.AppendLine($"  discard-range-time: {(h.DiscardRangeTime.Nanoseconds).ToString(c)}ns");
        b.AppendLine($"  fault-service-time: {Ms(h.FaultServiceTime)}");
        if (h.FaultServiceTimeUnlimited is { } u) b.AppendLine($"  fault-service-time-unlimited: {Ms(u)}");
        return b.ToString();
    }
}
