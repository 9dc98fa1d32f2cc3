using MigrationSim.Analysis.Validation;
using MigrationSim.Model.Results;
using MigrationSim.Scenarios;
using MigrationSim.Traces.Format;

namespace MigrationSim.Traces.Loading;

/// <summary>Reads a capture folder (scenario.yaml, summary.json, trace.csv) into a <see cref="MeasuredMigration"/>, or says why it cannot be used.</summary>
public static class TraceLoader
{

    public static (MeasuredMigration? Trace, string? Reason) Load(string folder)
    {
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
        if (!Directory.Exists(folder)) return (null, "not a folder");
        string scenarioPath = Path.Combine(folder, TraceFiles.Scenario);
        if (!File.Exists(scenarioPath)) return (null, $"{TraceFiles.Scenario} is missing");
        Scenario scenario;
        CaptureTrace trace;
        try
        {
            scenario = ScenarioLoader.LoadFile(scenarioPath);
            trace = TraceReader.Read(folder);
            // The engine follows the QEMU that ran the capture, whatever the scenario's host section says.
            scenario = scenario with { Input = scenario.Input with { Host = scenario.Input.Host with { Qemu = trace.Summary.QemuRelease } } };
            scenario.EnsureSimulated();
        }
        catch (ScenarioException e) { return (null, $"the simulator cannot run its scenario: {e.Message}"); }
        catch (TraceFormatException e) { return (null, e.Message); }
        catch (IOException e) { return (null, e.Message); }

        var s = trace.Summary;
        if (s.Status is null) return (null, "summary.json has no final status");
        if (trace.Samples.Count == 0) return (null, "trace.csv has no samples");
        if (s.TotalTime is null || s.Transferred is null)
        {
            // A cancelled or failed migration's final reply has no ram figures: take the last sample that had them.
            var last = trace.Samples.LastOrDefault(x => x.Info.Ram?.TransferredBytes is not null);
            if (last is null) return (null, "neither summary.json nor trace.csv has the migration's figures");
            var ram = last.Info.Ram!;
            s = s with
            {
                TotalTime = last.Info.TotalTimeMs ?? last.ElapsedMs, Transferred = ram.TransferredBytes, Normal = ram.NormalPages,
                Duplicate = ram.DuplicatePages, DirtySyncCount = ram.DirtySyncCount, PostcopyRequests = ram.PostcopyRequests,
                Total = ram.TotalBytes, PrecopyBytes = ram.PrecopyBytes, SetupTime = last.Info.SetupTimeMs,
            };
        }
        if (s.Status == MigrationStatus.Completed && s.TotalTime == 0)
        {
            // Seen once with QEMU 7.2 after auto-converge reached 99%: completed, yet total-time and
            // downtime 0 (the poll fell between migration_completion() setting the state and
            // migration_iteration_finish() computing the times; captures now ask again). The sample
            // clock still times it; the downtime is unknown.
            s = s with { TotalTime = trace.Samples[^1].ElapsedMs, Downtime = null };
        }
        var measured = new MeasuredMigration
        {
            Name = name,
            Input = scenario.Input,
            Status = s.Status == MigrationStatus.Completed ? MigrationStatus.Completed : s.Status == "failed" ? MigrationStatus.Failed : MigrationStatus.Cancelled,
            TotalTimeMs = s.TotalTime ?? 0,
            DowntimeMs = s.Status == MigrationStatus.Completed && s.Downtime is not null ? s.Downtime : null,
            GuestPauseMs = s.Status == MigrationStatus.Completed ? s.GuestPauseMs : null,
            SetupTimeMs = s.SetupTime ?? 0,
            Transferred = s.Transferred ?? 0,
            Normal = s.Normal ?? 0,
            Duplicate = s.Duplicate ?? 0,
            DowntimeBytes = s.DowntimeBytes ?? 0,
            PrecopyBytes = s.PrecopyBytes ?? 0,
            DirtySyncCount = s.DirtySyncCount ?? 0,
            PostcopyRequests = s.PostcopyRequests ?? 0,
            RamTotal = s.Total ?? 0,
            PostcopySwitchMs = s.PostcopySwitchMs,
            Accelerator = s.Accelerator,
            QemuVersion = s.QemuVersion,
            Samples = trace.Samples.Where(x => x.Info.Ram is not null).Select(ToSample).ToList(),
        };
        return (measured, null);
    }

    private static MigrationSample ToSample(CapturedSample c)
    {
        var i = c.Info;
        var r = i.Ram!;
        return new MigrationSample
        {
            ElapsedMs = c.ElapsedMs,
            Status = i.Status ?? "",
            TotalTimeMs = i.TotalTimeMs ?? c.ElapsedMs,
            DowntimeMs = i.DowntimeMs,
            ExpectedDowntimeMs = i.ExpectedDowntimeMs,
            SetupTimeMs = i.SetupTimeMs,
            CpuThrottlePercentage = (int)(i.CpuThrottlePercentage ?? 0),
            Transferred = r.TransferredBytes ?? 0,
            Remaining = r.RemainingBytes ?? 0,
            Total = r.TotalBytes ?? 0,
            Duplicate = r.DuplicatePages ?? 0,
            Normal = r.NormalPages ?? 0,
            NormalBytes = r.NormalBytes ?? 0,
            DirtyPagesRate = r.DirtyPagesRatePagesPerSecond ?? 0,
            Mbps = r.Mbps ?? 0,
            DirtySyncCount = r.DirtySyncCount ?? 0,
            PostcopyRequests = r.PostcopyRequests ?? 0,
            PrecopyBytes = r.PrecopyBytes ?? 0,
            DowntimeBytes = r.DowntimeBytes ?? 0,
            PostcopyBytes = r.PostcopyBytes ?? 0,
        };
    }
}
