using MathNet.Numerics;
using MathNet.Numerics.Statistics;
using MigrationSim.Analysis.Validation;
using MigrationSim.Kernel;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Results;
using MigrationSim.Model.Workloads;

namespace MigrationSim.Analysis.Calibration;

/// <summary>
/// Fits the host constants a scenario cannot know from a calibration subset of captures. Each
/// constant is estimated from the traces that isolate it, so the fit is explainable and needs
/// no per-trace tuning:
/// <list type="bullet">
/// <item>setup time: median of setup-time;</item>
/// <item>extra RAM: ram.total minus the guest's memory;</item>
/// <item>image footprint (a + b per GiB): least squares of idle guests' normal bytes against memory;</item>
/// <item>background dirty rate: pages idle guests sent more than they have, per second;</item>
/// <item>running link speed: bytes over the precopy phase of unlimited-bandwidth captures without multifd, and with it
/// the time a zero page costs when those captures show one (see <see cref="FitZeroPageTime"/>);</item>
/// <item>multifd cores: bisection until the simulated total time of unlimited-bandwidth multifd captures matches theirs (kept at 1, not listed as unfitted, without such captures);</item>
/// <item>multifd compression (zlib, zstd): what an image page compresses to (10.0) and the CPU time per page, by bisection on unlimited-bandwidth captures with it (see <see cref="FitCompression"/>); those captures fit nothing else;</item>
/// <item>image density: the share of normal pages where the first pass of idle captures sent normal pages (the zero pages between them fill windows that wait for the rate limit; runs of zero pages do not);</item>
/// <item>stopped link speed and switchover cost: a line through (downtime-bytes, downtime) of precopy captures;</item>
/// <item>postcopy fault service time: bisection until simulated postcopy-requests match the captures'.</item>
/// </list>
/// Constants without traces that isolate them keep their defaults, and the notes say so.
/// </summary>
public static class Calibrator
{
    /// <summary>Discard ranges a switch needs before its pause can tell the time per range from the rest.</summary>
    public const int MinDiscardRanges = 100;

    /// <summary>The profile keys calibration fits, each from the captures that isolate it.</summary>
    public static readonly IReadOnlyList<string> FittedKeys =
    [
        "setup-time", "extra-ram", "image-footprint", "image-footprint-per-gib", "background-dirty-rate", "effective-bandwidth",
        "zero-page-time", "image-density", "image-top-share", "stopped-bandwidth", "switchover-cost", "image-reusable", "destination-resume-time", "discard-range-time",
        "fault-service-time",
    ];

    /// <param name="traces">The calibration subset.</param>
    /// <param name="start">Constants to start from (a given profile): what the subset cannot fit keeps its value and does not count as unfitted.</param>
    /// <param name="startUnfitted">Keys <paramref name="start"/> itself did not fit (its file's unfitted list).</param>
    public static Calibration Fit(IReadOnlyList<MeasuredMigration> traces, HostProfile? start = null, IReadOnlyList<string>? startUnfitted = null)
    {
        var c = FitCore(traces, start);
        // A key this subset could not fit is still fitted when the starting profile had it fitted.
        return start is null ? c : c with { Unfitted = c.UnfittedKeys.Where(k => (startUnfitted ?? []).Contains(k)).ToList() };
    }

    private static Calibration FitCore(IReadOnlyList<MeasuredMigration> all, HostProfile? start)
    {
        var h = start ?? new HostProfile();
        var notes = new List<string>();
        var unfitted = new List<string>(FittedKeys);
        void Done(params string[] keys) { foreach (var k in keys) unfitted.Remove(k); }
        if (all.Count == 0) return new Calibration(h, ["NOT FITTED: no calibration traces, every constant kept"], unfitted);
        var releases = all.Select(t => t.Input.Host.Qemu.Release).Distinct().ToList();
        if (releases.Count > 1)
            throw new ArgumentException($"calibration traces of several QEMU releases ({string.Join(", ", releases)}): fit one profile per release");
        h = h with { Qemu = all[0].Input.Host.Qemu };
        // A capture with a feature on (MeasuredMigration.UsesFeatures) fits only its feature's constants
        // (multifd-cores, compression; dirty-limit and zero-page-detection have none, so those fit
        // nothing): its setup, bytes, stop and pause carry the feature's own costs (channel set-up,
        // the final channel sync), which would leak into the plain constants.
        var traces = all.Where(t => !t.UsesFeatures).ToList();
        if (traces.Count < all.Count)
            notes.Add($"{all.Count - traces.Count} captures with features on ({string.Join(", ", all.Where(t => t.UsesFeatures).Select(t => t.Group).Distinct())}) fit only their features' constants");
        HostProfile FitFeatures(HostProfile p)
        {
            p = FitMultifd(all, p, notes);
            // multifd compression: its CPU time per page and what the image's pages compress to, from
            // unlimited-bandwidth captures with it (after multifd-cores, which shares that time).
            foreach (var algorithm in new[] { MultifdCompression.Zlib, MultifdCompression.Zstd })
            {
                var compressed = all.Where(t => Unlimited(t) && !t.Input.Policy.UsesPostcopy && OnlyMultifd(t.Input.Parameters, algorithm)).ToList();
                if (compressed.Count > 0) p = FitCompression(compressed, algorithm, p, notes);
            }
            return p;
        }
        if (traces.Count == 0)
            return new Calibration(FitFeatures(h), [.. notes, "NOT FITTED: no calibration capture without features, every plain constant kept"], unfitted);

        double setup = traces.Select(t => t.SetupTimeMs).Median();
        h = h with { SetupTime = SimTime.FromMilliseconds(setup) };
        Done("setup-time");
        notes.Add($"setup-time {setup:0.#} ms: median of {traces.Count} captures");

        var extra = traces.Where(t => t.RamTotal > 0).Select(t => (double)(t.RamTotal - t.Input.Guest.MemoryBytes)).ToList();
        if (extra.Count > 0)
        {
            h = h with { ExtraRamBytes = (long)extra.Median() };
            Done("extra-ram");
            notes.Add($"extra-ram {h.ExtraRamBytes} B: ram.total minus memory");
        }

        var idle = traces.Where(t => t.Input.Workload is IdleWorkloadSpec && t.Converged && !t.Input.Policy.UsesPostcopy).ToList();
        if (idle.Count > 0)
        {
            var gib = idle.Select(t => t.Input.Guest.MemoryBytes / (double)(1L << 30)).ToArray();
            var footprint = idle.Select(t => (double)t.Normal * t.Input.Guest.PageSizeBytes - t.Input.Guest.ResidentBytes).ToArray();
            if (gib.Distinct().Count() >= 2)
            {
                var (a, b) = MathNet.Numerics.Fit.Line(gib, footprint);
                h = h with { ImageFootprintBytes = (long)a, ImageFootprintPerGiBBytes = (long)Math.Max(0, b) };
                Done("image-footprint", "image-footprint-per-gib");
                notes.Add($"image footprint {a / (1 << 20):0.0} MiB + {b / (1 << 20):0.0} MiB per GiB: line through the normal bytes of {idle.Count} idle captures of {gib.Distinct().Count()} sizes");
            }
            else
            {
                h = h with { ImageFootprintBytes = (long)footprint.Median(), ImageFootprintPerGiBBytes = 0 };
                Done("image-footprint");
                notes.Add($"image footprint {footprint.Median() / (1 << 20):0.0} MiB: idle captures of one memory size only (no per-GiB term)");
            }
            var resent = idle.Select(t => Math.Max(0, t.Normal + t.Duplicate - t.RamTotal / (double)t.Input.Guest.PageSizeBytes) / (t.TotalTimeMs / 1000)).ToArray();
            h = h with { BackgroundDirtyRatePagesPerSecond = resent.Median() };
            Done("background-dirty-rate");
            notes.Add($"background dirty rate {h.BackgroundDirtyRatePagesPerSecond:0} pages/s: pages idle guests sent beyond their RAM, per second");
        }
        else notes.Add("NOT FITTED image-footprint, background-dirty-rate: no idle captures");

        var unlimited = traces.Where(Unlimited).ToList(); // one migration thread
        var zeroPages = FitZeroPageTime(unlimited.Where(t => !t.Input.Policy.UsesPostcopy).ToList());
        if (zeroPages.Fit is { } zp)
        {
            h = h with { EffectiveBandwidthBytesPerSecond = zp.BytesPerSecond, ZeroPageTime = zp.ZeroPageTime };
            Done("effective-bandwidth", "zero-page-time");
            notes.Add(zeroPages.Note);
        }
        else if (unlimited.Count > 0)
        {
            if (zeroPages.Isolated)
            {
                h = h with { ZeroPageTime = SimTime.Zero };
                Done("zero-page-time");
                notes.Add(zeroPages.Note);
            }
            var speeds = unlimited.Select(t => t.PrecopyBytes / ((t.TotalTimeMs - t.SetupTimeMs - (t.DowntimeMs ?? 0)) / 1000)).ToArray();
            h = h with { EffectiveBandwidthBytesPerSecond = speeds.Median() };
            Done("effective-bandwidth");
            notes.Add($"running link speed {speeds.Median() * 8 / 1e9:0.###} Gbit/s: precopy bytes over precopy time of {unlimited.Count} unlimited-bandwidth captures");
        }
        else notes.Add("NOT FITTED effective-bandwidth: no unlimited-bandwidth captures (running link speed left to network.bandwidth)");
        if (!zeroPages.Isolated) notes.Add("NOT FITTED zero-page-time: " + zeroPages.Note);


        // Rate-limited captures only: with unlimited bandwidth the final pass waits for the
        // destination to drain a full socket, which is another speed.
        var stops = traces.Where(t => t.Converged && !t.Input.Policy.UsesPostcopy && t.DowntimeMs is not null
            && !double.IsPositiveInfinity(t.Input.Parameters.MaxBandwidthBytesPerSecond)).ToList();
        if (stops.Select(t => t.DowntimeBytes).Distinct().Count() >= 2)
        {
            var x = stops.Select(t => (double)t.DowntimeBytes).ToArray();
            var y = stops.Select(t => t.DowntimeMs!.Value / 1000).ToArray();
            var (c, slope) = MathNet.Numerics.Fit.Line(x, y);
            if (slope > 0 && c >= 0)
            {
                h = h with { StoppedBandwidthBytesPerSecond = 1 / slope, SwitchoverCost = SimTime.FromSeconds(c) };
                Done("stopped-bandwidth", "switchover-cost");
                notes.Add($"stopped link speed {8 / slope / 1e9:0.###} Gbit/s and switchover cost {c * 1000:0.##} ms: line through downtime against downtime-bytes of {stops.Count} precopy captures");
            }
            else notes.Add($"downtime against downtime-bytes gave slope {slope:g3} s/B, intercept {c * 1000:0.##} ms: not physical, defaults kept");
        }

        h = FitImageDensity(idle, h, notes, Done);
        h = FitImageTop(idle, h, notes, Done);

        var withMemory = traces.Where(t => t.Converged && !t.Input.Policy.UsesPostcopy
            && t.Input.Guest.ResidentBytes + t.Input.Workload.WorkingSetPages > 0).ToList();
        if (withMemory.Count > 0 && h.ImageFootprintFor(withMemory[0].Input.Guest.MemoryBytes) > 0)
        {
            long reusable = FitReusable(withMemory, h);
            h = h with { ImageReusableBytes = reusable };
            Done("image-reusable");
            notes.Add($"image reusable {reusable / (double)(1 << 20):0.0} MiB: free-but-dirty image pages the guest's own memory reuses; simulated bytes of {withMemory.Count} captures with a working set match the measured ones in total");
        }

        h = FitFeatures(h);
        h = FitGuestPause(traces, h, notes, Done);

        // One cost per fault, rate-limited or not: under a limit the wait for the window to reset is
        // modelled (PostcopyPhase), which is what made the limited captures look slower. Fitted on all
        // postcopy captures together: the unlimited ones pin it where every limited request waits anyway.
        var postcopy = traces.Where(t => t.Input.Policy.UsesPostcopy && t.PostcopyRequests > 0).ToList();
        if (postcopy.Count > 0)
        {
            var fitted = FitFaultServiceTime(postcopy, h, s => h with { FaultServiceTime = s, FaultServiceTimeUnlimited = null });
            h = h with { FaultServiceTime = fitted, FaultServiceTimeUnlimited = null };
            Done("fault-service-time");
            int limited = postcopy.Count(t => !double.IsPositiveInfinity(t.Input.Parameters.MaxPostcopyBandwidthBytesPerSecond));
            notes.Add($"postcopy fault service time {fitted.Milliseconds:0.##} ms: simulated postcopy-requests of {postcopy.Count} captures ({limited} rate-limited, {postcopy.Count - limited} not) match the measured ones in total");
        }
        foreach (var k in unfitted.Where(k => !notes.Any(n => n.StartsWith("NOT FITTED", StringComparison.Ordinal) && n.Contains(k, StringComparison.Ordinal))).ToList())
            notes.Add($"NOT FITTED {k}: no calibration capture isolates it");
        return new Calibration(h, notes, unfitted);
    }

    /// <summary>
    /// Where the image's zero pages sit (<see cref="HostProfile.ImageDensity"/>), read off the first
    /// pass of idle captures, which meets memory in address order: between two polls where normal
    /// pages went out, the zero pages sent lie among the image's pages; where none did, they lie in
    /// a run of zero pages. The density is normal / (normal + zero) over the first kind, all captures
    /// pooled. A poll that spans the edge of a run counts the run's zero pages in it as the image's,
    /// so the estimate leans low (leaving such polls out leaves too few at 100 ms a poll: 0.73 and
    /// 0.54 for the two releases on one host, against 0.53 both ways with them). Only a zero-page time
    /// makes it matter: a zero page among data fills a window that waits for the rate limit, while a
    /// run of them is CPU-bound.
    /// </summary>
    public static (double? Density, string Note) MeasureImageDensity(IReadOnlyList<MeasuredMigration> idle)
    {
        long normal = 0, zeroAmong = 0, zeroRuns = 0;
        foreach (var t in idle)
        {
            long n0 = 0, z0 = 0;
            foreach (var x in t.Samples.Where(x => x.Status == MigrationStatus.Active && x.DirtySyncCount == 1))
            {
                long dn = x.Normal - n0, dz = x.Duplicate - z0;
                if (dn > 0) { normal += dn; zeroAmong += Math.Max(0, dz); }
                else zeroRuns += Math.Max(0, dz);
                (n0, z0) = (x.Normal, x.Duplicate);
            }
        }
        if (normal == 0)
            return (null, $"NOT FITTED image-density: no first-pass polls with normal pages in {idle.Count} idle captures");
        double d = Math.Clamp(normal / (double)(normal + zeroAmong), HostProfile.MinImageDensity, 1);
        return (d, $"image-density {d:0.###}: first passes of {idle.Count} idle captures, {normal} normal pages with {zeroAmong} zero pages among them (polls where normal pages went out) and {zeroRuns} in runs of zero pages");
    }

    private static HostProfile FitImageDensity(IReadOnlyList<MeasuredMigration> idle, HostProfile h, List<string> notes, Action<string[]> done)
    {
        if (h.ZeroPageTime <= SimTime.Zero)
        {
            done(["image-density"]);
            notes.Add("image-density 1: with no zero-page time, where the zero pages sit changes no figure");
            return h with { ImageDensity = 1 };
        }
        var (d, note) = MeasureImageDensity(idle);
        notes.Add(note);
        if (d is not { } density) return h;
        done(["image-density"]);
        return h with { ImageDensity = density };
    }

    /// <summary>
    /// How much of memory's top holds data (<see cref="HostProfile.ImageTopShare"/>), read off the end of
    /// idle captures' first pass: of the pages still to go at the pass's last poll (the top of memory,
    /// met last), all but the zero pages sent after that poll hold data (plus the few pages the guest
    /// dirtied meanwhile, which the stop sends). Each capture bounds the block from below, the more
    /// closely the earlier its last poll fell; the share is the largest bound over the captures, each
    /// as a share of its guest's pages.
    /// </summary>
    public static (double? Share, string Note) MeasureImageTop(IReadOnlyList<MeasuredMigration> idle)
    {
        double best = -1;
        string? from = null;
        foreach (var t in idle)
        {
            var last = t.Samples.LastOrDefault(x => x.Status == MigrationStatus.Active && x.DirtySyncCount == 1);
            if (last is null || t.Samples.Count == 0) continue;
            long remaining = last.Remaining / t.Input.Guest.PageSizeBytes;
            long zeroAfter = t.Samples[^1].Duplicate - last.Duplicate;
            double share = Math.Max(0, remaining - zeroAfter) / (double)t.Input.Guest.Pages;
            if (share > best) (best, from) = (share, $"{t.Name}: {remaining - zeroAfter} of the last {remaining} pages");
        }
        if (from is null)
            return (null, $"NOT FITTED image-top-share: no first-pass polls in {idle.Count} idle captures");
        double s = Math.Min(best, HostProfile.MaxImageTopShare);
        return (s, $"image-top-share {s:0.####}: data at the top of memory, the largest of {idle.Count} idle captures' bounds ({from})");
    }

    private static HostProfile FitImageTop(IReadOnlyList<MeasuredMigration> idle, HostProfile h, List<string> notes, Action<string[]> done)
    {
        if (h.ZeroPageTime <= SimTime.Zero)
        {
            // Zero pages then cross in a few ms: no window measures them alone, so where the data sits sets no threshold.
            done(["image-top-share"]);
            notes.Add("image-top-share 0: with no zero-page time, where the data sits changes no figure");
            return h with { ImageTopShare = 0 };
        }
        var (s, note) = MeasureImageTop(idle);
        notes.Add(note);
        if (s is not { } share) return h;
        done(["image-top-share"]);
        return h with { ImageTopShare = share };
    }

    /// <summary>multifd with <paramref name="compression"/> and no other feature: what isolates multifd's own constants.</summary>
    private static bool OnlyMultifd(MigrationParameters p, MultifdCompression compression) =>
        p.Multifd?.Compression == compression && !MeasuredMigration.TurnsOnFeatures(p with { Multifd = null });

    private static bool Unlimited(MeasuredMigration t) => double.IsPositiveInfinity(t.Input.Parameters.MaxBandwidthBytesPerSecond) && t.Converged && t.PrecopyBytes > 0;

    /// <summary>
    /// multifd: the cores its channels get, where they outnumber them, from unlimited-bandwidth
    /// multifd captures without other features (QEMU 7.2 counts no multifd page in precopy-bytes,
    /// so the speed is not read off the counters but matched by simulation).
    /// </summary>
    private static HostProfile FitMultifd(IReadOnlyList<MeasuredMigration> traces, HostProfile h, List<string> notes)
    {
        var unlimitedMultifd = traces.Where(t => Unlimited(t) && OnlyMultifd(t.Input.Parameters, MultifdCompression.None)).ToList();
        if (unlimitedMultifd.Count == 0) return h;
        if (h.EffectiveBandwidthBytesPerSecond is null)
        {
            notes.Add("NOT FITTED multifd-cores: no running link speed to scale (no unlimited-bandwidth capture without features)");
            return h;
        }
        h = h with { MultifdCores = FitMultifdCores(unlimitedMultifd, h) };
        notes.Add($"multifd-cores {h.MultifdCores:0.###}: simulated total time of {unlimitedMultifd.Count} unlimited-bandwidth multifd captures matches the measured one in total (at least 1: the single-thread speed)");
        return h;
    }

    /// <summary>
    /// The pause the guest sees beyond QEMU's downtime. Precopy: what is left of (pause - downtime -
    /// data in flight at the stopped speed) is the destination's resume time (median). Postcopy and
    /// hybrid switches: what their pauses exceed the simulated ones by, against the discard ranges
    /// the simulation counts at the switch, is the time per range (least squares through zero).
    /// </summary>
    private static HostProfile FitGuestPause(IReadOnlyList<MeasuredMigration> traces, HostProfile h, List<string> notes, Action<string[]> done)
    {
        var stops = traces.Where(t => t.Converged && !t.Input.Policy.UsesPostcopy && t.GuestPauseMs is not null && t.DowntimeMs is not null).ToList();
        if (stops.Count == 0)
        {
            notes.Add("NOT FITTED destination-resume-time, discard-range-time: no precopy captures with a guest pause");
            return h;
        }
        double stopped = h.StoppedBandwidthBytesPerSecond ?? h.EffectiveBandwidthBytesPerSecond ?? double.PositiveInfinity;
        var rest = stops.Select(t => t.GuestPauseMs!.Value - t.DowntimeMs!.Value - Math.Min(t.DowntimeBytes, h.SocketBufferBytes) / stopped * 1000).ToArray();
        h = h with { DestinationResumeTime = SimTime.FromMilliseconds(Math.Max(0, rest.Median())) };
        done(["destination-resume-time"]);
        notes.Add($"destination resume time {h.DestinationResumeTime.Milliseconds:0.##} ms: guest pause beyond downtime and data in flight, median of {stops.Count} precopy captures");

        // Only a switch with a fragmented discard bitmap isolates the time per range: a postcopy
        // that switches at once discards one contiguous rest, and its pause says nothing about it.
        var switches = traces.Where(t => t.Converged && t.Input.Policy.UsesPostcopy && t.GuestPauseMs is not null)
            .Select(t => (Trace: t, Run: MigrationSimulation.Run(t.Input with { Host = h with { DiscardRangeTime = SimTime.Zero } }).Summary))
            .Where(x => x.Run.DiscardRanges >= MinDiscardRanges && x.Run.GuestPauseMs is not null).ToList();
        if (switches.Count == 0)
        {
            notes.Add($"NOT FITTED discard-range-time: no postcopy or hybrid capture whose switch discards {MinDiscardRanges}+ ranges (a hybrid switch after precopy passes with a uniform writer); kept at {h.DiscardRangeTime.Nanoseconds / 1000.0:0.##} us");
            return h;
        }
        double sxy = switches.Sum(x => x.Run.DiscardRanges!.Value * (x.Trace.GuestPauseMs!.Value - x.Run.GuestPauseMs!.Value));
        double sxx = switches.Sum(x => (double)x.Run.DiscardRanges!.Value * x.Run.DiscardRanges!.Value);
        h = h with { DiscardRangeTime = SimTime.FromMilliseconds(Math.Max(0, sxy / sxx)) };
        done(["discard-range-time"]);
        notes.Add($"discard-range-time {h.DiscardRangeTime.Nanoseconds / 1000.0:0.###} us: switch pauses beyond the simulated ones against the simulated discard ranges ({switches.Min(x => x.Run.DiscardRanges)}-{switches.Max(x => x.Run.DiscardRanges)}) of {switches.Count} captures");
        return h;
    }

    /// <summary>Unlimited-bandwidth precopy captures needed to tell a zero page's time from the link's speed (two constants and two degrees of freedom left).</summary>
    public const int MinZeroPageCaptures = 4;

    /// <summary>Significance at which a zero-page time must beat bytes alone to be kept.</summary>
    public const double ZeroPageSignificance = 0.05;

    /// <summary>The outcome of <see cref="FitZeroPageTime"/>: the two constants when the captures show a zero-page time, whether they isolate it at all, and why.</summary>
    internal sealed record ZeroPageFit((double BytesPerSecond, SimTime ZeroPageTime)? Fit, bool Isolated, string Note);

    /// <summary>
    /// The running phase of an unlimited-bandwidth precopy capture takes bytes / link speed plus
    /// zero pages x zero-page-time: a zero page is 9 bytes on the wire, but the source reads it
    /// (often memory the guest never touched) and the destination reads its copy before leaving
    /// it alone, which on some hosts costs more than sending a full page. Least squares on
    /// relative residuals (each capture's time counts as 1), through zero, over captures whose
    /// zero-page shares differ (idle guests against writers). The zero-page term is kept only when
    /// it is positive and an F test says the two-term line fits better than bytes alone at
    /// <see cref="ZeroPageSignificance"/>; otherwise the captures isolate it as 0. When bytes
    /// explain nothing (a negative per-byte term), the link keeps the scenario's network.bandwidth
    /// and only the zero-page time is fitted over what the link leaves.
    /// </summary>
    internal static ZeroPageFit FitZeroPageTime(IReadOnlyList<MeasuredMigration> unlimited)
    {
        // Up to the last poll before the stop: the stop sends at another speed, and the zero pages
        // still pending then are counted only in the final figures. Where the polls cannot tell
        // (none in the second half of the phase, or no zero page sent before the stop), the precopy
        // phase of the final figures, its zero pages over-counted by those sent while stopped.
        List<(double Bytes, double Zero, double Link)> Rows(bool polls) => unlimited.Select(t =>
        {
            double precopyMs = t.TotalTimeMs - (t.DowntimeMs ?? 0);
            var last = polls ? t.Samples.LastOrDefault(x => x.Status == MigrationStatus.Active && x.DowntimeBytes == 0 && x.Duplicate + x.Normal > 0) : null;
            if (last is not null && last.ElapsedMs < precopyMs / 2) last = null; // too early to stand for the phase
            double seconds = last is null ? (precopyMs - t.SetupTimeMs) / 1000 : (last.ElapsedMs - t.SetupTimeMs) / 1000;
            double bytes = last?.Transferred ?? t.PrecopyBytes, zero = last?.Duplicate ?? t.Duplicate;
            return (Bytes: bytes / seconds, Zero: zero / seconds, Link: t.Input.Link.BandwidthBytesPerSecond);
        }).Where(r => double.IsFinite(r.Bytes) && double.IsFinite(r.Zero) && r.Bytes > 0).ToList();
        static bool Identifiable(List<(double Bytes, double Zero, double Link)> rows) =>
            rows.Count >= MinZeroPageCaptures && rows.Select(r => Math.Round(100 * r.Zero / (r.Zero + r.Bytes / 4096))).Distinct().Count() >= 2;
        var rows = Rows(polls: true);
        if (!Identifiable(rows)) rows = Rows(polls: false);
        int n = rows.Count;
        if (!Identifiable(rows))
            return new ZeroPageFit(null, false, $"{n} unlimited-bandwidth precopy captures, {MinZeroPageCaptures} needed with zero-page shares that differ (idle guests and writers) to tell a zero page's time from the link's speed");

        double[] both = MathNet.Numerics.Fit.MultiDim(rows.Select(r => new[] { r.Bytes, r.Zero }).ToArray(), Enumerable.Repeat(1.0, n).ToArray(), intercept: false);
        double perByte = rows.Sum(r => r.Bytes) / rows.Sum(r => r.Bytes * r.Bytes);
        double rssBytes = rows.Sum(r => Math.Pow(1 - perByte * r.Bytes, 2));
        double rssBoth = rows.Sum(r => Math.Pow(1 - both[0] * r.Bytes - both[1] * r.Zero, 2));
        double f = (rssBytes - rssBoth) / (rssBoth / (n - 2));
        double critical = MathNet.Numerics.Distributions.FisherSnedecor.InvCDF(1, n - 2, 1 - ZeroPageSignificance);
        string test = $"F {f:0.#} against {critical:0.#}, the {100 * (1 - ZeroPageSignificance):0}% point";
        if (both[1] > 0 && f > critical)
        {
            if (both[0] > 0)
                return new ZeroPageFit((1 / both[0], SimTime.FromSeconds(both[1])), true,
                    $"running link speed {8 / both[0] / 1e9:0.###} Gbit/s and zero-page-time {both[1] * 1e6:0.###} us: time = bytes / speed + zero pages x zero-page-time through {n} unlimited-bandwidth precopy captures ({test})");
            // Bytes explain nothing: the link keeps the scenario's speed, the zero pages take the rest.
            double zero = rows.Sum(r => r.Zero * (1 - r.Bytes / r.Link)) / rows.Sum(r => r.Zero * r.Zero);
            if (zero > 0)
                return new ZeroPageFit((rows.Max(r => r.Link), SimTime.FromSeconds(zero)), true,
                    $"zero-page-time {zero * 1e6:0.###} us: the zero pages of {n} unlimited-bandwidth precopy captures take their time whatever the bytes (a per-byte term fits negative), so the link keeps network.bandwidth ({test})");
        }
        return new ZeroPageFit(null, true, $"zero-page-time 0: a zero-page time does not fit {n} unlimited-bandwidth precopy captures better than bytes alone ({test})");
    }

    /// <summary>Simulated bytes fall as more of the guest's memory overlaps the image: bisect the total over the captures.</summary>
    private static long FitReusable(IReadOnlyList<MeasuredMigration> traces, HostProfile h)
    {
        double measured = traces.Sum(t => (double)t.Transferred);
        double Simulated(long bytes) => traces.Sum(t =>
            Replications.Mean(t.Input with { Host = h with { ImageReusableBytes = bytes } }, Replications.Default, s => s.Transferred));
        long lo = 0, hi = traces.Min(t => h.ImageFootprintFor(t.Input.Guest.MemoryBytes));
        if (Simulated(lo) <= measured) return 0;
        if (Simulated(hi) >= measured) return hi;
        while (hi - lo > 64 * 1024)
        {
            long mid = (lo + hi) / 2;
            if (Simulated(mid) > measured) lo = mid; else hi = mid;
        }
        return (lo + hi) / 2;
    }

    /// <summary>
    /// The compression keys <paramref name="traces"/> need that <paramref name="h"/> lacks: the CPU
    /// time per page of each algorithm they use (0 = never fitted), and where the release counts
    /// compressed packets (10.0) what an image page compresses to. Judging them without these
    /// would measure the defaults, not the model.
    /// </summary>
    public static IReadOnlyList<string> MissingCompressionKeys(IEnumerable<MeasuredMigration> traces, HostProfile h)
    {
        ArgumentNullException.ThrowIfNull(traces);
        ArgumentNullException.ThrowIfNull(h);
        var keys = new List<string>();
        bool countsCompressed = QemuBehaviour.For(h.Qemu).MultifdCountsCompressedBytes;
        foreach (var c in traces.Select(t => t.Input.Parameters.Multifd?.Compression ?? MultifdCompression.None).Where(c => c != MultifdCompression.None).Distinct().Order())
        {
            bool zlib = c == MultifdCompression.Zlib;
            string name = zlib ? "zlib" : "zstd";
            if ((zlib ? h.MultifdZlibPageTime : h.MultifdZstdPageTime) == SimTime.Zero) keys.Add($"multifd-{name}-page-time");
            if (countsCompressed && (zlib ? h.MultifdZlibImagePageBytes : h.MultifdZstdImagePageBytes) is null) keys.Add($"multifd-{name}-image-page-bytes");
        }
        return keys;
    }

    /// <summary>
    /// multifd compression from unlimited-bandwidth captures of one algorithm: where QEMU counts the
    /// compressed packets (10.0), simulated bytes rise with what an image page compresses to, so
    /// that is bisected until they match the captures' in total; then simulated time rises with the
    /// CPU time per compressed page, bisected likewise (the bytes settle the wire time first). Twice
    /// over, since more time means more dirtied pages and so more bytes. 7.2 counts full pages: the
    /// image's compressed size stays as it is (the full page by default) and the time absorbs it.
    /// </summary>
    private static HostProfile FitCompression(IReadOnlyList<MeasuredMigration> traces, MultifdCompression algorithm, HostProfile h, List<string> notes)
    {
        bool zlib = algorithm == MultifdCompression.Zlib;
        HostProfile WithTime(HostProfile p, double s) => zlib ? p with { MultifdZlibPageTime = SimTime.FromSeconds(s) } : p with { MultifdZstdPageTime = SimTime.FromSeconds(s) };
        HostProfile WithImage(HostProfile p, double b) => zlib ? p with { MultifdZlibImagePageBytes = b } : p with { MultifdZstdImagePageBytes = b };
        string name = zlib ? "zlib" : "zstd";
        bool countsCompressed = QemuBehaviour.For(h.Qemu).MultifdCountsCompressedBytes;
        int page = traces[0].Input.Guest.PageSizeBytes;
        double measuredBytes = traces.Sum(t => (double)t.Transferred), measuredMs = traces.Sum(t => t.TotalTimeMs);
        double Sim(HostProfile p, Func<Model.Results.MigrationSummary, double> f) => traces.Sum(t => Replications.Mean(t.Input with { Host = p }, Replications.Default, f));
        for (int round = 0; round < 2; round++)
        {
            if (countsCompressed)
            {
                var at = h;
                h = WithImage(h, Bisect(b => Sim(WithImage(at, b), s => s.Transferred), measuredBytes, 0, page, 14, rising: true));
            }
            var now = h;
            h = WithTime(h, Bisect(s => Sim(WithTime(now, s), x => x.TotalTimeMs), measuredMs, 0, 1e-3, 20, rising: true));
        }
        double us = (zlib ? h.MultifdZlibPageTime : h.MultifdZstdPageTime).Nanoseconds / 1000.0;
        notes.Add(countsCompressed
            ? $"multifd-{name}-image-page-bytes {(zlib ? h.MultifdZlibImagePageBytes : h.MultifdZstdImagePageBytes):0.#} and multifd-{name}-page-time {us:0.###} us: simulated bytes, then total time, of {traces.Count} unlimited-bandwidth {name} captures match the measured ones in total"
            : $"multifd-{name}-page-time {us:0.###} us: simulated total time of {traces.Count} unlimited-bandwidth {name} captures matches the measured one in total (QEMU {h.Qemu.Release} counts full pages, so the image's compressed size is not seen and stays {(zlib ? h.MultifdZlibImagePageBytes : h.MultifdZstdImagePageBytes)?.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) ?? "the full page"})");
        return h;
    }

    /// <summary>Simulated time falls as the channels get more cores (up to their number): bisect the total over the captures.</summary>
    private static double FitMultifdCores(IReadOnlyList<MeasuredMigration> traces, HostProfile h)
    {
        double measured = traces.Sum(t => t.TotalTimeMs);
        double Simulated(double cores) => traces.Sum(t =>
            Replications.Mean(t.Input with { Host = h with { MultifdCores = cores } }, Replications.Default, s => s.TotalTimeMs));
        return Bisect(Simulated, measured, 1, traces.Max(t => t.Input.Parameters.Multifd!.Channels), 20, rising: false);
    }

    /// <summary>
    /// Where <paramref name="simulated"/>, which rises (or falls) with x, meets <paramref name="measured"/>
    /// in [<paramref name="lo"/>, <paramref name="hi"/>]: an end when the figure is already at or past
    /// the measured one there, else the middle of what <paramref name="steps"/> halvings leave.
    /// </summary>
    private static double Bisect(Func<double, double> simulated, double measured, double lo, double hi, int steps, bool rising)
    {
        bool Short(double x) => rising ? simulated(x) < measured : simulated(x) > measured; // the answer lies above x
        bool Beyond(double x) => rising ? simulated(x) > measured : simulated(x) < measured;
        if (!Short(lo)) return lo;
        if (!Beyond(hi)) return hi;
        for (int i = 0; i < steps; i++)
        {
            double mid = (lo + hi) / 2;
            if (Short(mid)) lo = mid; else hi = mid;
        }
        return (lo + hi) / 2;
    }

    /// <summary>Requests fall as each fault costs more, so bisect (on a log scale) the total over the captures.</summary>
    private static SimTime FitFaultServiceTime(IReadOnlyList<MeasuredMigration> postcopy, HostProfile h, Func<SimTime, HostProfile> with)
    {
        double measured = postcopy.Sum(t => (double)t.PostcopyRequests);
        double Simulated(double seconds) => postcopy.Sum(t =>
            Replications.Mean(t.Input with { Host = with(SimTime.FromSeconds(seconds)) }, Replications.Default, s => s.PostcopyRequests));
        double lo = 1e-6, hi = 1.0;
        if (Simulated(lo) <= measured) return SimTime.FromSeconds(lo);
        for (int i = 0; i < 30; i++)
        {
            double mid = Math.Sqrt(lo * hi);
            if (Simulated(mid) > measured) lo = mid; else hi = mid;
        }
        return SimTime.FromSeconds(Math.Sqrt(lo * hi));
    }
}
