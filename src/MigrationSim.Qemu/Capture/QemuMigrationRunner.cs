using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using MigrationSim.Qemu.Guest;
using MigrationSim.Qemu.Installations;
using MigrationSim.Qemu.Processes;
using MigrationSim.Qemu.Qmp;
using MigrationSim.Model.Migration;
using MigrationSim.Traces.Capture;
using MigrationSim.Traces.Format;
using MigrationSim.Traces.QueryMigrate;

namespace MigrationSim.Qemu.Capture;

/// <summary>
/// Runs one real migration: boots a source and a destination QEMU on loopback, waits for the
/// workload, migrates over QMP while polling query-migrate, and writes the capture folder.
/// Both QEMUs are killed and reaped on every path out (success, failure, timeout, cancellation).
/// </summary>
public static class QemuMigrationRunner
{
    private static readonly TimeSpan QmpCallTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MinimumPollInterval = TimeSpan.FromMilliseconds(50);

    /// <param name="placement">Where the QEMUs run and when migrate is issued; null = both here, over loopback, at once.</param>
    public static async Task<CaptureResult> RunAsync(CaptureSpec spec, IProgress<CaptureProgress>? progress, CancellationToken ct, CapturePlacement? placement = null)
    {
        placement ??= new CapturePlacement();
        spec.Validate();
        var cacheDir = spec.CacheDirectory ?? CacheDirectory.Default;
        var name = spec.CaptureName ?? "capture-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture);
        var finalFolder = Path.Combine(spec.OutputDirectory, name);
        if (Directory.Exists(finalFolder))
            throw new IOException($"capture folder {finalFolder} already exists");

        progress?.Report(new CaptureProgress("finding QEMU " + spec.Qemu, 0, null, null, null));
        var (qemu, version) = await spec.Qemu.ResolveAsync(cacheDir, message => progress?.Report(new CaptureProgress(message, 0, null, null, null)), ct);
        if (QemuFeatureRequirements.Missing(spec.Capabilities, spec.Parameters, version) is [var missing, ..])
            throw new NotSupportedException(missing.Problem);

        progress?.Report(new CaptureProgress("building image", 0, null, null, null));
        var image = await new GuestImageBuilder(cacheDir).BuildAsync(spec.KernelPath, ct);
        var (accelerator, acceleratorReason) = spec.Accelerator == Accelerator.Auto
            ? await AcceleratorProbe.ResolveAsync(image, cacheDir, null, ct, qemu)
            : (spec.Accelerator, "chosen by the caller");
        if (AcceleratorRequirements.Problem(spec.Capabilities, accelerator) is { } problem)
            throw new NotSupportedException(problem);

        var work = WorkFolder.Create("run");
        try
        {
            return await RunInAsync(spec, placement, qemu, image, accelerator, acceleratorReason, work, finalFolder, progress, ct);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>The kernel command line for a spec: serial console, quiet boot, panic ends QEMU, then the workload.</summary>
    public static string KernelCommandLine(CaptureSpec spec) =>
        // no_timer_check: the kernel's boot test of the IO-APIC timer fails when TCG runs slowly on a busy host
        // ("IO-APIC + timer doesn't work!" panic); the test is for broken hardware and says nothing about migration.
        ("console=ttyS0 quiet panic=-1 no_timer_check " + spec.Workload.ToKernelArguments() + " " + (spec.ExtraKernelArguments ?? "")).Trim();

    private static async Task<CaptureResult> RunInAsync(
        CaptureSpec spec, CapturePlacement placement, QemuBinary qemu, GuestImage image, Accelerator accelerator, string acceleratorReason,
        string work, string finalFolder, IProgress<CaptureProgress>? progress, CancellationToken ct)
    {
        var cmdline = KernelCommandLine(spec);
        long memoryMiB = spec.MemoryBytes >> 20;
        int port = placement.Port ?? FreeLoopbackPort();
        string uri = $"tcp:{placement.DestinationAddress}:{port}";
        // The destination listens only after migrate-incoming, once its capabilities are set:
        // QEMU 10 refuses multifd on a destination that already listens.
        var dstOptions = new QemuLaunchOptions("dst", work, memoryMiB, image.KernelPath, image.InitramfsPath, cmdline, accelerator,
            IncomingUri: "defer", Qemu: qemu with { NetworkNamespacePath = placement.DestinationNetworkNamespace },
            TraceEvents: spec.QemuTraceEvents);
        var srcOptions = dstOptions with
        {
            Name = "src", IncomingUri = null, KvmDirtyRing = spec.Capabilities.DirtyLimit,
            Qemu = qemu with { NetworkNamespacePath = placement.SourceNetworkNamespace },
        };

        progress?.Report(new CaptureProgress("booting", 0, null, null, null));
        var bootClock = Stopwatch.StartNew();
        await using var dst = await QemuLauncher.StartAsync(dstOptions, ct, recordTranscript: spec.RecordQmpTranscript);
        await using var src = await QemuLauncher.StartAsync(srcOptions, ct, recordTranscript: spec.RecordQmpTranscript);
        int srcPid = src.Pid, dstPid = dst.Pid;
        void Report(string stage, long elapsed, MigrationInfo? latest) =>
            progress?.Report(new CaptureProgress(stage, elapsed, latest, srcPid, dstPid));

        Report("waiting for workload", 0, null);
        var srcSerial = new SerialLogWatcher(src.SerialLogPath);
        var dstSerial = new SerialLogWatcher(dst.SerialLogPath);
        var ready = await srcSerial.WaitForLineAsync(
            l => l.Contains(SerialLogWatcher.ReadyMarker, StringComparison.Ordinal), 0, spec.BootTimeout, () => !src.HasExited, ct);
        if (ready is null)
        {
            var tail = string.Join('\n', srcSerial.Lines.TakeLast(15));
            throw new TimeoutException(
                $"source guest printed no '{SerialLogWatcher.ReadyMarker}' within {spec.BootTimeout.TotalSeconds:0} s " +
                $"(qemu {(src.HasExited ? "exited: " + src.StandardErrorText.Trim() : "still running")}); serial tail:\n{tail}");
        }

        long bootToReadyMs = bootClock.ElapsedMilliseconds;
        if (spec.SettleTime > TimeSpan.Zero)
            await Task.Delay(spec.SettleTime, ct);

        string qemuVersion = await src.Qmp.QueryVersionAsync(ct, QmpCallTimeout);
        await SetCapabilitiesAsync(src.Qmp, dst.Qmp, spec.Capabilities, ct);
        var parameters = spec.Parameters.ToQmpArguments();
        if (parameters.Count > 0)
            await src.Qmp.MigrateSetParametersAsync(parameters, ct, QmpCallTimeout);
        var dstParameters = spec.Parameters.DestinationQmpArguments();
        if (dstParameters.Count > 0)
            await dst.Qmp.MigrateSetParametersAsync(dstParameters, ct, QmpCallTimeout);
        await dst.Qmp.MigrateIncomingAsync(uri, ct, QmpCallTimeout);
        if (placement.BeforeMigrate is { } gate)
        {
            Report("waiting for the planned start", 0, null);
            await gate(ct);
        }

        var samples = new List<CapturedSample>();
        var startUtc = DateTimeOffset.UtcNow;
        double? loadAtStart = HostLoad.OneMinute();
        var clock = Stopwatch.StartNew();
        await src.Qmp.MigrateAsync(uri, ct, QmpCallTimeout);

        long? switchMs = null;
        bool timeCapped = false;
        var pollInterval = spec.PollInterval < MinimumPollInterval ? MinimumPollInterval : spec.PollInterval;
        MigrationInfo latest = new();
        string? sourceLost = null;
        while (true)
        {
            var pollStart = clock.Elapsed;
            try
            {
                latest = await src.Qmp.QueryMigrateAsync(ct, QmpCallTimeout);
            }
            catch (Exception ex) when (ex is QmpConnectionClosedException or QmpTimeoutException)
            {
                sourceLost = $"source QEMU stopped answering: {ex.Message} {src.StandardErrorText.Trim()}".Trim();
                latest = latest with { Status = "failed", ErrorDesc = sourceLost };
                break;
            }

            long elapsed = clock.ElapsedMilliseconds;
            samples.Add(new CapturedSample(elapsed, latest));
            srcSerial.Poll();
            dstSerial.Poll();
            Report("migrating", elapsed, latest);
            if (latest.IsTerminal)
            {
                if (latest.Status == "completed" && latest.TotalTimeMs is null or 0)
                {
                    latest = await SettledCompletionAsync(src.Qmp, latest, ct);
                    samples[^1] = new CapturedSample(clock.ElapsedMilliseconds, latest);
                }
                break;
            }

            if (switchMs is null && spec.PostcopySwitch.ShouldSwitch(latest, elapsed))
            {
                await src.Qmp.MigrateStartPostcopyAsync(ct, QmpCallTimeout);
                switchMs = clock.ElapsedMilliseconds;
            }

            if (!timeCapped && clock.Elapsed >= spec.TimeCap)
            {
                timeCapped = true;
                await src.Qmp.MigrateCancelAsync(ct, QmpCallTimeout);
            }
            else if (timeCapped && clock.Elapsed >= spec.TimeCap + TimeSpan.FromSeconds(30))
            {
                // A cancel that never takes effect (e.g. postcopy cannot be cancelled) ends the capture anyway.
                break;
            }

            var wait = pollInterval - (clock.Elapsed - pollStart);
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, ct);
        }

        long captureMs = clock.ElapsedMilliseconds;
        Report("checking destination", captureMs, latest);
        bool completed = latest.Status == "completed";
        bool dstRunning = false, dstAlive = false;
        long? blocktime = null;
        if (completed && !dst.HasExited)
        {
            int dstLinesBefore = DestinationLinesBefore(dstSerial);
            var alive = await dstSerial.WaitForLineAsync(
                l => SerialLogWatcher.TryParseReport(l, default, out _), dstLinesBefore, spec.AliveCheckTimeout, () => !dst.HasExited, ct);
            dstAlive = alive is not null;
            var dstState = await TryAsync(() => dst.Qmp.QueryStatusAsync(ct, QmpCallTimeout));
            dstRunning = dstState?.Running == true;
            var dstInfo = await TryAsync(() => dst.Qmp.QueryMigrateAsync(ct, QmpCallTimeout));
            blocktime = dstInfo?.PostcopyBlocktimeMs;
        }

        string? sourceStatusAfter = null;
        bool? sourceAliveAfter = null;
        if (!src.HasExited && sourceLost is null)
        {
            sourceStatusAfter = (await TryAsync(() => src.Qmp.QueryStatusAsync(ct, QmpCallTimeout)))?.Status;
            if (!completed)
            {
                int from = srcSerial.LineCount;
                var line = await srcSerial.WaitForLineAsync(
                    l => SerialLogWatcher.TryParseReport(l, default, out _), from, spec.AliveCheckTimeout, () => !src.HasExited, ct);
                sourceAliveAfter = line is not null;
            }
        }

        var events = EventsJson(src.Qmp.Events, dst.Qmp.Events, startUtc);
        var pause = GuestPause.From(
            src.Qmp.Events.Select(e => (e.Name, e.QemuTimestampMicroseconds)), dst.Qmp.Events.Select(e => (e.Name, e.QemuTimestampMicroseconds)), startUtc);
        await src.ShutdownAsync(TimeSpan.FromSeconds(5));
        await dst.ShutdownAsync(TimeSpan.FromSeconds(5));
        srcSerial.Poll();
        dstSerial.Poll();

        Report("writing trace", captureMs, latest);
        var final = samples.LastOrDefault()?.Info ?? latest;
        if (sourceLost is not null)
            final = final with { Status = "failed", ErrorDesc = sourceLost };
        // A failed or cancelled migration's last reply has no "ram": report how far it got instead.
        var ram = final.Ram ?? samples.LastOrDefault(x => x.Info.Ram is not null)?.Info.Ram ?? new MigrationRamStats();
        var xbzrle = final.Xbzrle ?? samples.LastOrDefault(x => x.Info.Xbzrle is not null)?.Info.Xbzrle;
        var summary = new CaptureSummary
        {
            StartUtc = startUtc,
            QemuVersion = qemuVersion,
            QemuBinary = qemu.Program,
            Accelerator = accelerator.ToString().ToLowerInvariant(),
            AcceleratorReason = acceleratorReason,
            HostCpu = HostCpuModel(),
            HostLoadAverage = loadAtStart,
            Kernel = image.KernelDescription,
            InitramfsKey = image.InitramfsCacheKey,
            KernelCommandLine = KernelCommandLine(spec),
            MemoryBytes = spec.MemoryBytes,
            Status = final.Status,
            ErrorDesc = final.ErrorDesc,
            TotalTime = final.TotalTimeMs,
            Downtime = final.DowntimeMs,
            ExpectedDowntime = final.ExpectedDowntimeMs,
            SetupTime = final.SetupTimeMs,
            CpuThrottlePercentage = final.CpuThrottlePercentage,
            Transferred = ram.TransferredBytes,
            Remaining = ram.RemainingBytes,
            Total = ram.TotalBytes,
            Duplicate = ram.DuplicatePages,
            Skipped = ram.SkippedPages,
            Normal = ram.NormalPages,
            NormalBytes = ram.NormalBytes,
            DirtyPagesRate = ram.DirtyPagesRatePagesPerSecond,
            Mbps = ram.Mbps,
            DirtySyncCount = ram.DirtySyncCount,
            PostcopyRequests = ram.PostcopyRequests,
            PageSize = ram.PageSizeBytes,
            PagesPerSecond = ram.PagesPerSecond,
            PrecopyBytes = ram.PrecopyBytes,
            DowntimeBytes = ram.DowntimeBytes,
            PostcopyBytes = ram.PostcopyBytes,
            MultifdBytes = ram.MultifdBytes,
            XbzrleBytes = xbzrle?.Bytes,
            XbzrlePages = xbzrle?.Pages,
            XbzrleCacheMiss = xbzrle?.CacheMiss,
            XbzrleOverflow = xbzrle?.Overflow,
            PostcopyBlocktime = blocktime,
            Converged = completed && !timeCapped,
            TimeCapped = timeCapped,
            DestinationRunning = dstRunning,
            DestinationWorkloadAlive = dstAlive,
            SourceStatusAfter = sourceStatusAfter,
            SourceWorkloadAliveAfter = sourceAliveAfter,
            PostcopySwitchMs = switchMs,
            SourceStopMs = pause?.SourceStopMs,
            DestinationResumeMs = pause?.DestinationResumeMs,
            GuestPauseMs = pause?.PauseMs,
            RequestedWriteRatePagesPerSecond = spec.Workload.Kind == GuestWorkloadKind.Idle ? 0 : spec.Workload.RatePagesPerSecond,
            AchievedWriteRatePagesPerSecond = AchievedWriteRate(srcSerial.Reports, dstSerial.Reports, startUtc, startUtc.AddMilliseconds(captureMs)),
            BootToReadyMs = bootToReadyMs,
            CaptureMs = captureMs,
            SampleCount = samples.Count,
            PollIntervalMs = (long)pollInterval.TotalMilliseconds,
        };

        var files = new Dictionary<string, string>(spec.ExtraFiles)
        {
            [TraceFiles.Trace] = TraceWriter.FormatCsv(samples),
            [TraceFiles.Summary] = TraceWriter.FormatSummary(summary),
            [TraceFiles.QmpEvents] = events,
        };
        if (spec.RecordQmpTranscript)
        {
            files[TraceFiles.QmpTranscriptSource] = TranscriptJsonLines(src.Qmp.Transcript);
            files[TraceFiles.QmpTranscriptDestination] = TranscriptJsonLines(dst.Qmp.Transcript);
        }

        WriteFolder(finalFolder, files, src.Options, dst.Options);
        return new CaptureResult(finalFolder, summary, samples);
    }

    /// <summary>
    /// QEMU sets the state to completed in migration_completion() and only later, in
    /// migration_iteration_finish(), computes total-time and downtime; a query-migrate in between
    /// answers completed with both 0 (seen under load with unlimited max-bandwidth). Asking again
    /// shortly after gives the real figures; after a second the racy reply is kept as it is.
    /// </summary>
    private static async Task<MigrationInfo> SettledCompletionAsync(QmpClient qmp, MigrationInfo racy, CancellationToken ct)
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), ct);
            var again = await TryAsync(() => qmp.QueryMigrateAsync(ct, QmpCallTimeout));
            if (again is null)
                break;
            if (again.TotalTimeMs is > 0)
                return again;
        }

        return racy;
    }

    private static string TranscriptJsonLines(IReadOnlyList<QmpTranscriptLine> lines) =>
        string.Concat(lines.Select(l => new JsonObject
        {
            ["dir"] = l.Sent ? "sent" : "received",
            ["utc"] = l.Utc.ToString("O", CultureInfo.InvariantCulture),
            ["json"] = l.Json,
        }.ToJsonString() + "\n"));

    private static int DestinationLinesBefore(SerialLogWatcher dstSerial)
    {
        // Lines the destination printed before completion were printed in postcopy (the guest already
        // runs there); only a line after completion proves the workload survived the whole move.
        dstSerial.Poll();
        return dstSerial.LineCount;
    }

    private static async Task SetCapabilitiesAsync(QmpClient src, QmpClient dst, MigrationCapabilities caps, CancellationToken ct)
    {
        var common = new List<KeyValuePair<string, bool>> { new("events", true) };
        if (caps.PostcopyRam)
            common.Add(new("postcopy-ram", true));
        if (caps.Xbzrle)
            common.Add(new("xbzrle", true));
        if (caps.Multifd)
            common.Add(new("multifd", true));
        var source = new List<KeyValuePair<string, bool>>(common);
        if (caps.AutoConverge)
            source.Add(new("auto-converge", true));
        if (caps.DirtyLimit)
            source.Add(new("dirty-limit", true));
        var destination = new List<KeyValuePair<string, bool>>(common);
        if (caps.PostcopyBlocktime)
            destination.Add(new("postcopy-blocktime", true));
        await src.MigrateSetCapabilitiesAsync(source, ct, QmpCallTimeout);
        await dst.MigrateSetCapabilitiesAsync(destination, ct, QmpCallTimeout);
    }

    private static async Task<T?> TryAsync<T>(Func<Task<T>> call) where T : class
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (ex is QmpException or TimeoutException or IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// Guest writes per guest second over the migration: from the last progress line at or before
    /// the start to the first at or after the end. The counters live in guest memory, so source and
    /// destination lines form one series.
    /// </summary>
    internal static double? AchievedWriteRate(IReadOnlyList<WorkloadReport> source, IReadOnlyList<WorkloadReport> destination, DateTimeOffset start, DateTimeOffset end)
    {
        var all = source.Concat(destination).OrderBy(r => r.GuestSeconds).ToList();
        if (all.Count < 2)
            return null;
        var first = all.LastOrDefault(r => r.ReceivedUtc <= start) ?? all[0];
        var last = all.FirstOrDefault(r => r.ReceivedUtc >= end && r.GuestSeconds > first.GuestSeconds) ?? all[^1];
        double seconds = last.GuestSeconds - first.GuestSeconds;
        return seconds > 0 ? (last.TotalWrites - first.TotalWrites) / seconds : null;
    }

    private static string EventsJson(IReadOnlyList<QmpEvent> source, IReadOnlyList<QmpEvent> destination, DateTimeOffset startUtc)
    {
        JsonArray List(IReadOnlyList<QmpEvent> events)
        {
            var array = new JsonArray();
            foreach (var e in events)
            {
                array.Add(new JsonObject
                {
                    ["event"] = e.Name,
                    ["data"] = e.Data.ValueKind == JsonValueKind.Undefined ? null : JsonNode.Parse(e.Data.GetRawText()),
                    ["qemu-timestamp-us"] = e.QemuTimestampMicroseconds,
                    ["received-utc"] = e.ReceivedUtc.ToString("O", CultureInfo.InvariantCulture),
                    ["elapsed-ms"] = (long)(e.ReceivedUtc - startUtc).TotalMilliseconds,
                });
            }

            return array;
        }

        var root = new JsonObject { ["source"] = List(source), ["destination"] = List(destination) };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    /// <summary>Writes everything into a hidden sibling folder, then renames it: a capture folder is complete or absent.</summary>
    private static void WriteFolder(string finalFolder, IReadOnlyDictionary<string, string> files, QemuLaunchOptions src, QemuLaunchOptions dst)
    {
        var parent = Path.GetDirectoryName(Path.GetFullPath(finalFolder))!;
        Directory.CreateDirectory(parent);
        // .NAME.tmp-PID-GUID: the pattern migsim capture removes once its writer is gone (a kill mid-write).
        var staging = Path.Combine(parent, $".{Path.GetFileName(finalFolder)}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            foreach (var (fileName, content) in files)
                File.WriteAllText(Path.Combine(staging, fileName), content);
            CopyIfExists(src.SerialLogPath, Path.Combine(staging, TraceFiles.SerialSource));
            CopyIfExists(dst.SerialLogPath, Path.Combine(staging, TraceFiles.SerialDestination));
            CopyIfExists(src.TraceLogPath, Path.Combine(staging, TraceFiles.QemuTraceSource));
            CopyIfExists(dst.TraceLogPath, Path.Combine(staging, TraceFiles.QemuTraceDestination));
            Directory.Move(staging, finalFolder);
        }
        catch
        {
            Directory.Delete(staging, recursive: true);
            throw;
        }
    }

    private static void CopyIfExists(string from, string to)
    {
        if (File.Exists(from))
            File.Copy(from, to);
        else
            File.WriteAllText(to, "");
    }

    private static int FreeLoopbackPort()
    {
        // The port is free now; QEMU binds it a few ms later. A clash is possible but rare on loopback.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string HostCpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? "unknown" : line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
