using MigrationSim.Kernel;
using MigrationSim.Model.Memory;
using MigrationSim.Model.Network;
using MigrationSim.Model.Results;
using MigrationSim.Model.Workloads;

namespace MigrationSim.Model.Migration;

/// <summary>
/// One migration as QEMU 7.2 runs it (migration/migration.c migration_thread and
/// migration_iteration_run, migration/ram.c ram_save_pending, ram_save_iterate,
/// migration_bitmap_sync, migration/postcopy-ram.c):
/// <list type="number">
/// <item>Setup: every page goes into the migration bitmap; dirty-sync-count = 1.</item>
/// <item>Each 100 ms window may send max-bandwidth/10 bytes; at a window's end its bandwidth
/// is measured and threshold = bandwidth x downtime-limit.</item>
/// <item>Before each iterate step: pending = pages in the bitmap x page size. Only if
/// pending &lt; threshold is the dirty log merged in (a sync, one "iteration"); if pending is
/// still below the threshold (or zero) the VM stops and the rest goes at link speed.</item>
/// <item>If postcopy was requested (policy postcopy, or a hybrid switch rule fired) and pending
/// is still above the threshold, the VM stops instead, the last sync's pages are discarded on
/// the destination, the device state crosses, and the guest resumes there
/// (<see cref="StartPostcopy"/>); its faults are served ahead of the background pass.</item>
/// </list>
/// The migration thread is stepped every <see cref="Tick"/>, so syncs and the stop land within
/// a tick of where QEMU's loop would put them, while the guest's writes are applied in bulk.
/// </summary>
public sealed partial class MigrationEngine
{
    /// <summary>Step of the migration thread model.</summary>
    public static readonly SimTime Tick = SimTime.FromMilliseconds(10);

    private const int TickPriority = 0;
    private const int SamplePriority = 10;

    private readonly SimulationInput _input;
    private readonly Simulator _sim = new();
    private readonly GuestMemory _memory;
    private readonly Workload _workload;
    private readonly Link _link;
    private readonly double _stoppedBandwidth;
    private readonly RateLimiter _limiter;
    private readonly PageSender _sender;
    private readonly AutoConverge _autoConverge;
    private readonly MigrationParameters _p;
    private readonly HostProfile _host;
    private readonly bool _guestRuns;
    private readonly SwitchRule? _switchRule;
    private readonly RandomStreams _streams;

    private readonly List<IterationRecord> _iterations = [];
    private readonly List<MigrationSample> _timeline = [];

    private string _status = MigrationStatus.Setup;
    private SimTime _workloadTime = SimTime.Zero;
    private bool _vmRunning;
    private SimTime _busyUntil = SimTime.Zero;
    private SimTime _setupEnd;
    private double _guestWorkSeconds; // full-speed-equivalent guest run time so far

    // counters as QEMU keeps them
    private double _thresholdBytes;
    private double _windowMbps;
    private long _expectedDowntimeMs;
    private long _syncCount;
    private long _dirtyPagesRate;
    private long _dirtyPagesPeriod;
    private SimTime _periodStart;
    private long _bytesXferPrev;
    private long _precopyBytes;
    private long _downtimeBytes;
    private long _remainingAtSync;

    // open iteration
    private int _iterationNumber;
    private SimTime _iterationStart;
    private long _iterationStartBytes;
    private long _iterationDirtyAtSync;
    private long _iterationNewlyDirty;
    private double _iterationRate;
    private long _iterationThreshold;

    // hybrid switch
    private string? _switchFiredBy;
    private int _stallCount;
    private long _pendingAfterLastSync = -1;

    private MigrationSummary? _summary;
    private long _pendingAtStop;
    private long _thresholdAtStop;

    public MigrationEngine(SimulationInput input)
    {
        _input = input;
        _p = input.Parameters;
        _host = input.Host;
        _link = _host.EffectiveBandwidthBytesPerSecond is { } effective ? input.Link with { BandwidthBytesPerSecond = effective } : input.Link;
        _stoppedBandwidth = _host.StoppedBandwidthBytesPerSecond ?? _link.BandwidthBytesPerSecond;
        var guest = input.Guest;
        _memory = new GuestMemory(guest.Pages, guest.PageSizeBytes, input.Audit);
        var layout = MemoryLayout.For(guest, _host, input.Workload.WorkingSetPages);
        if (layout.ImagePages > 0) _memory.Populate(0, layout.ImagePages);
        if (layout.ProgramPages > 0) _memory.Populate(layout.ProgramStart, layout.ProgramPages);
        long resident = layout.WorkingSetStart;
        _streams = new RandomStreams(input.Seed);
        _workload = WorkloadFactory.Create(input.Workload, resident, _streams);
        long kernelPages = layout.ImagePages > 0 ? layout.ImagePages : layout.WorkingSetStart;
        if (_host.BackgroundDirtyRatePagesPerSecond > 0 && kernelPages > 0)
            _workload = new CombinedWorkload(_workload,
                new UniformWorkload(0, new UniformWorkloadSpec(kernelPages, _host.BackgroundDirtyRatePagesPerSecond), _streams.Get("background")));
        _limiter = new RateLimiter(_p.MaxBandwidthBytesPerSecond);
        _sender = new PageSender(_memory, _host);
        _autoConverge = new AutoConverge(_p.AutoConverge);
        _guestRuns = input.Type == MigrationType.Live;
        _vmRunning = _guestRuns;
        _expectedDowntimeMs = (long)_p.DowntimeLimit.Milliseconds;
        _switchRule = input.Policy switch
        {
            MigrationPolicy.Postcopy => SwitchRule.Immediately,
            MigrationPolicy.Hybrid => input.Switch ?? throw new ArgumentException("a hybrid migration needs a switch rule"),
            _ => null,
        };
        if (_switchRule is not null && !_guestRuns)
            throw new ArgumentException("postcopy needs a live migration: the guest must run on the destination");
    }

    public GuestMemory Memory => _memory;

    public MigrationResult Run()
    {
        _sim.ScheduleAt(_host.SetupTime, SetupDone, TickPriority);
        _sim.ScheduleAt(SimTime.Zero, TakeSample, SamplePriority);
        _sim.Run(() => _summary is not null);
        return new MigrationResult(_summary!, _iterations, _timeline)
        {
            StalePagesOnDestination = _memory.IsAudited && _summary!.Status == MigrationStatus.Completed
                ? _memory.CountStaleOnDestination() : null,
            Faults = _faults.OrderBy(f => f.TimeMs).ToList(),
            RequestedPages = _requestLog,
            PagesMissingAtSwitch = _pagesMissingAtSwitch,
            PagesSentInPostcopy = _pagesSentInPostcopy,
        };
    }

    private void SetupDone()
    {
        SimTime now = _sim.Now;
        AdvanceGuest(now);
        // ram_init_bitmaps: all pages pending; the dirty log starts now; first sync.
        _memory.ToSend.SetAll();
        _memory.DirtyLog.ClearAll();
        _syncCount = 1;
        _periodStart = now;
        _setupEnd = now;
        _limiter.Start(now);
        _status = MigrationStatus.Active;
        OpenIteration(now, newlyDirty: _memory.Pages, rate: 0);
        _sim.ScheduleAt(now, Step, TickPriority);
    }

    /// <summary>One tick of the precopy migration thread.</summary>
    private void Step()
    {
        SimTime tickStart = _sim.Now;
        SimTime tickEnd = tickStart + Tick;
        AdvanceGuest(tickStart);

        if (tickStart - _limiter.WindowStart >= RateLimiter.Window)
            UpdateCounters(tickStart);

        if (tickStart >= _p.MaxTime)
        {
            Cancel(tickStart, $"max-time {_p.MaxTime} reached");
            return;
        }

        SimTime clock = SimTime.Max(tickStart, _busyUntil);
        while (clock < tickEnd)
        {
            if (_iterateStart is { } started)
            {
                // Still inside ram_save_iterate: keep sending without looking at pending.
                if (ContinueIterate(ref clock, tickEnd, started)) continue;
                break;
            }
            if (_limiter.IsExhausted) break; // rate limited: the thread sleeps until the window ends
            double pending = PendingBytes;
            if (pending < _thresholdBytes)
            {
                AdvanceGuest(clock);
                Sync(clock);
                pending = PendingBytes;
            }
            if (pending == 0 || pending < _thresholdBytes)
            {
                Complete(clock);
                return;
            }
            if (SwitchRequested(clock))
            {
                StartPostcopy(clock);
                return;
            }
            if (_p.MaxIterations > 0 && _syncCount >= _p.MaxIterations)
            {
                Cancel(clock, $"max-iterations {_p.MaxIterations} reached");
                return;
            }
            if (!ContinueIterate(ref clock, tickEnd, clock)) break;
        }
        _busyUntil = clock;
        _sim.ScheduleAt(tickEnd, Step, TickPriority);
    }

    /// <summary>
    /// ram_save_iterate: sends until the window's budget is spent or the pass runs out of pages,
    /// and returns after MAX_WAIT (50 ms) at the latest; only then does migration_iteration_run
    /// look at pending again. Returns true when the caller should check pending right away.
    /// </summary>
    private bool ContinueIterate(ref SimTime clock, SimTime tickEnd, SimTime started)
    {
        _iterateStart = started;
        var (bytes, seconds) = _sender.Send(_limiter.WindowBudgetBytes, (tickEnd - clock).Seconds, _link.BandwidthBytesPerSecond);
        _limiter.Consume(bytes);
        _precopyBytes = _sender.TransferredBytes;
        clock += SimTime.FromSeconds(seconds);
        if (_memory.ToSend.Count == 0 || clock - started >= MaxWait)
        {
            _iterateStart = null; // returned: pending is checked at once
            return true;
        }
        if (_limiter.IsExhausted)
        {
            _iterateStart = null; // returned rate limited: checked when the window ends
            return false;
        }
        return false; // the tick's time is used up; the same iterate goes on next tick
    }

    /// <summary>ram_save_iterate's MAX_WAIT: it returns to the migration thread at least this often.</summary>
    private static readonly SimTime MaxWait = SimTime.FromMilliseconds(50);

    private SimTime? _iterateStart;

    private double PendingBytes => (double)_memory.ToSend.Count * _memory.PageSizeBytes;

    /// <summary>migration_update_counters: closes the 100 ms window.</summary>
    private void UpdateCounters(SimTime now)
    {
        double sent = _limiter.SentInWindowBytes;
        double bandwidth = _limiter.CloseWindow(now); // bytes/s
        _thresholdBytes = bandwidth * _p.DowntimeLimit.Seconds;
        _windowMbps = bandwidth * 8 / 1e6;
        if (_dirtyPagesRate != 0 && sent > 10000 && bandwidth > 0)
            _expectedDowntimeMs = (long)(_remainingAtSync / (bandwidth / 1000));
    }

    /// <summary>migration_bitmap_sync: merge the dirty log; once a second, update rates and auto-converge.</summary>
    private void Sync(SimTime now)
    {
        long newly = _memory.ToSend.MergeAndClear(_memory.DirtyLog);
        _syncCount++;
        _dirtyPagesPeriod += newly;
        _remainingAtSync = _memory.ToSend.Count * (long)_memory.PageSizeBytes;
        if ((now - _periodStart).Milliseconds > 1000)
        {
            long periodMs = (long)(now - _periodStart).Milliseconds;
            _autoConverge.OnPeriod((double)_dirtyPagesPeriod * _memory.PageSizeBytes, _sender.TransferredBytes - _bytesXferPrev);
            _dirtyPagesRate = _dirtyPagesPeriod * 1000 / Math.Max(1, periodMs);
            _periodStart = now;
            _dirtyPagesPeriod = 0;
            _bytesXferPrev = _sender.TransferredBytes;
        }
        double iterationSeconds = (now - _iterationStart).Seconds;
        UpdateStall(newly, _sender.TransferredBytes - _iterationStartBytes);
        CloseIteration(now);
        OpenIteration(now, newly, iterationSeconds > 0 ? newly / iterationSeconds : 0);
    }

    /// <summary>Counts iterations in a row that dirtied faster than the rule allows or did not shrink the pending pages.</summary>
    private void UpdateStall(long newlyDirtyPages, long bytesSentInIteration)
    {
        if (_switchRule?.OnStall is not { } stall) return;
        long pendingNow = _memory.ToSend.Count;
        if (_pendingAfterLastSync >= 0 && _iterationNumber >= 2)
        {
            bool tooFast = (double)newlyDirtyPages * (_memory.PageSizeBytes + _host.PageHeaderBytes) > stall.DirtyFraction * bytesSentInIteration;
            bool notShrinking = pendingNow >= _pendingAfterLastSync;
            _stallCount = tooFast || notShrinking ? _stallCount + 1 : 0;
        }
        _pendingAfterLastSync = pendingNow;
    }

    /// <summary>Whether migrate-start-postcopy has been issued by now (it stays issued once it fires).</summary>
    private bool SwitchRequested(SimTime now)
    {
        if (_switchFiredBy is not null) return true;
        if (_switchRule is not { } rule) return false;
        if (rule.AfterIterations is { } n && _syncCount > n)
            _switchFiredBy = n == 0 ? "immediately" : $"after {n} iterations";
        else if (rule.AfterTime is { } t && now >= t)
            _switchFiredBy = $"after {t}";
        else if (rule.OnStall is { } stall && _stallCount >= stall.Iterations)
            _switchFiredBy = $"stall ({stall.Iterations} iterations dirtying > {stall.DirtyFraction:0.##} of the send rate or not shrinking)";
        return _switchFiredBy is not null;
    }

    private void OpenIteration(SimTime now, long newlyDirty, double rate)
    {
        _iterationNumber = (int)_syncCount;
        _iterationStart = now;
        _iterationStartBytes = _sender.TransferredBytes;
        _iterationDirtyAtSync = _memory.ToSend.Count;
        _iterationNewlyDirty = newlyDirty;
        _iterationRate = rate;
        _iterationThreshold = (long)_thresholdBytes;
    }

    private void CloseIteration(SimTime now) => _iterations.Add(new IterationRecord
    {
        Iteration = _iterationNumber,
        StartMs = _iterationStart.Milliseconds,
        EndMs = now.Milliseconds,
        DirtyPagesAtSync = _iterationDirtyAtSync,
        NewlyDirtyPages = _iterationNewlyDirty,
        BytesSent = _sender.TransferredBytes - _iterationStartBytes,
        DirtyRatePagesPerSecond = _iterationRate,
        ThresholdBytes = _iterationThreshold,
        ThrottlePercent = _autoConverge.ThrottlePercent,
    });

    /// <summary>migration_completion: stop the VM, final sync, send the rest without the rate limit, device state.</summary>
    private void Complete(SimTime stop)
    {
        _pendingAtStop = _memory.ToSend.Count * (long)_memory.PageSizeBytes;
        _thresholdAtStop = (long)_thresholdBytes;
        AdvanceGuest(stop);
        _vmRunning = false;
        Sync(stop);
        var (_, seconds) = _sender.SendAll(_stoppedBandwidth);
        _downtimeBytes = _sender.TransferredBytes - _precopyBytes;
        SimTime end = stop + SimTime.FromSeconds(seconds) + _host.SwitchoverCost;
        SimTime downtime = _guestRuns ? end - stop : end;
        string outcome = _switchRule is null ? "converged"
            : _switchFiredBy is null ? "converged in precopy before the switch rule fired"
            : "converged in precopy at the step the switch was requested";
        _sim.ScheduleAt(end, () => FinishPrecopy(end, downtime, outcome), TickPriority);
    }

    private void FinishPrecopy(SimTime end, SimTime downtime, string outcome)
    {
        CloseIteration(end);
        _status = MigrationStatus.Completed;
        double transferSeconds = (end - _setupEnd).Seconds;
        _summary = BuildSummary(end, downtime, MigrationStatus.Completed, converged: true, outcome,
            mbps: transferSeconds > 0 ? _sender.TransferredBytes * 8 / transferSeconds / 1e6 : 0);
        _timeline.Add(Sample(end, downtime));
    }

    private void Cancel(SimTime now, string why)
    {
        AdvanceGuest(now);
        CloseIteration(now);
        _status = MigrationStatus.Cancelled;
        // A cancelled live migration leaves the guest running on the source: no downtime at all.
        _summary = BuildSummary(now, _guestRuns ? null : now, MigrationStatus.Cancelled, converged: false, why, _windowMbps);
        _timeline.Add(Sample(now, null));
    }

    private MigrationSummary BuildSummary(SimTime end, SimTime? downtime, string status, bool converged, string outcome, double mbps) => new()
    {
        Scenario = _input.Name,
        Type = _input.Type.ToString().ToLowerInvariant(),
        Policy = _input.Policy.ToString().ToLowerInvariant(),
        Seed = _input.Seed,
        Status = status,
        Converged = converged,
        Outcome = outcome,
        DirtySyncCount = _syncCount,
        TotalTimeMs = end.Milliseconds,
        DowntimeMs = downtime?.Milliseconds,
        SetupTimeMs = _setupEnd.Milliseconds,
        RamTotal = RamTotal,
        Transferred = _sender.TransferredBytes,
        Normal = _sender.NormalPages,
        Duplicate = _sender.DuplicatePages,
        NormalBytes = _sender.NormalBytes,
        PrecopyBytes = _precopyBytes,
        DowntimeBytes = _downtimeBytes,
        PostcopyBytes = _postcopyBytes,
        PostcopyRequests = _requestLog.Count,
        CpuThrottlePercentage = _autoConverge.ThrottlePercent,
        Mbps = mbps,
        PendingAtStopBytes = _pendingAtStop,
        ThresholdAtStopBytes = _thresholdAtStop,
        Faults = _faults.Count,
        FaultLatencyP50Ms = Percentile(0.50),
        FaultLatencyP95Ms = Percentile(0.95),
        FaultLatencyP99Ms = Percentile(0.99),
        FaultLatencyMaxMs = _faults.Count == 0 ? null : _faults.Max(f => f.LatencyMs),
        VcpuBlockedMs = _blockedTotal.Milliseconds,
        GuestProgress = end.Nanoseconds == 0 ? 1 : Math.Clamp(GuestWorkSeconds(end) / end.Seconds, 0, 1),
        SwitchTimeMs = _switchAt?.Milliseconds,
        SwitchRule = _switchAt is null ? null : _switchFiredBy,
        ExposureWindowMs = _switchAt is { } s && status == MigrationStatus.Completed ? (end - s).Milliseconds : null,
    };

    private double? Percentile(double q)
    {
        if (_faults.Count == 0) return null;
        var sorted = _faults.Select(f => f.LatencyMs).Order().ToArray();
        double pos = q * (sorted.Length - 1);
        int lo = (int)Math.Floor(pos);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    private long RamTotal => _memory.SizeBytes + _host.ExtraRamBytes;

    private void TakeSample()
    {
        if (_summary is not null) return;
        _timeline.Add(Sample(_sim.Now, null));
        _sim.ScheduleIn(_input.SampleInterval, TakeSample, SamplePriority);
    }

    private MigrationSample Sample(SimTime now, SimTime? downtime) => new()
    {
        ElapsedMs = now.Milliseconds,
        Status = _status,
        TotalTimeMs = (long)now.Milliseconds,
        DowntimeMs = downtime is { } d ? (long)Math.Round(d.Milliseconds) : null,
        ExpectedDowntimeMs = _status == MigrationStatus.Setup ? null : _expectedDowntimeMs,
        SetupTimeMs = _status == MigrationStatus.Setup ? null : (long)_setupEnd.Milliseconds,
        CpuThrottlePercentage = _autoConverge.ThrottlePercent,
        Transferred = _sender.TransferredBytes,
        Remaining = _memory.ToSend.Count * (long)_memory.PageSizeBytes,
        Total = RamTotal,
        Duplicate = _sender.DuplicatePages,
        Normal = _sender.NormalPages,
        NormalBytes = _sender.NormalBytes,
        DirtyPagesRate = _dirtyPagesRate,
        Mbps = _windowMbps,
        DirtySyncCount = _syncCount,
        PostcopyRequests = _requestLog.Count,
        PrecopyBytes = _precopyBytes,
        DowntimeBytes = _downtimeBytes,
        PostcopyBytes = _postcopyBytes,
        GuestProgress = now.Nanoseconds == 0 ? 1 : Math.Clamp(GuestWorkSeconds(now) / now.Seconds, 0, 1),
    };

    /// <summary>Applies the guest's writes up to <paramref name="now"/> (none while the VM is stopped).</summary>
    private void AdvanceGuest(SimTime now)
    {
        if (now <= _workloadTime) return;
        if (_vmRunning)
        {
            double speed = ThrottleResponse.RateFactor(_input.Workload, _autoConverge.ThrottlePercent);
            _workload.Advance(_workloadTime, now, speed, _memory);
            _guestWorkSeconds += (now - _workloadTime).Seconds * speed;
        }
        _workloadTime = now;
    }

    /// <summary>Guest work up to <paramref name="now"/>, counting a destination vCPU that is running right now.</summary>
    private double GuestWorkSeconds(SimTime now)
    {
        double work = _guestWorkSeconds;
        if (_vmRunning && now > _workloadTime) work += (now - _workloadTime).Seconds * ThrottleResponse.RateFactor(_input.Workload, _autoConverge.ThrottlePercent);
        if (_runningSince is { } since && now > since) work += (now - since).Seconds;
        return work;
    }
}
