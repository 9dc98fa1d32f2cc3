using MigrationSim.Kernel;
using MigrationSim.Model.Guests;
using MigrationSim.Model.Memory;
using MigrationSim.Model.Network;
using MigrationSim.Model.Policies;
using MigrationSim.Model.Results;

namespace MigrationSim.Model.Migration;

/// <summary>
/// One migration of one guest over one network path, as a process on a shared simulator: many
/// can run on one clock. It models QEMU 7.2's migration thread (migration/migration.c
/// migration_thread, migration_iteration_run, migration_update_counters; migration/ram.c
/// ram_save_iterate, ram_save_pending, migration_bitmap_sync) and owns the mechanism: the
/// migration bitmap and dirty log, the page sender, the 100 ms rate limiter, auto-converge,
/// the postcopy phase and the accounting. Its <see cref="MigrationPolicy"/> decides.
/// <para>
/// The thread wakes only at its own decision points: the end of an iterate step (the window's
/// budget spent, the pass empty, or MAX_WAIT), the end of a rate-limited window, the end of the
/// final transfer, and max-time. The guest's writes are applied in bulk at those points, and
/// query-migrate polls are taken between them without events of their own.
/// </para>
/// <list type="number">
/// <item>Setup: after <see cref="HostProfile.SetupTime"/> every page goes into the migration bitmap; dirty-sync-count = 1.</item>
/// <item>Each 100 ms window may carry max-bandwidth/10 bytes; when a window is over, its bandwidth is
/// measured and threshold = bandwidth x downtime-limit.</item>
/// <item>At each iterate check the policy decides: QEMU's syncs the dirty log when pending is below
/// the threshold, completes if it is still below, switches to postcopy when asked to and
/// pending is above it, and otherwise runs one more iterate step.</item>
/// </list>
/// </summary>
public sealed class MigrationProcess
{
    /// <summary>ram_save_iterate's MAX_WAIT (migration/ram.c): an iterate step returns to the migration thread after at most this long.</summary>
    public static readonly SimTime MaxWait = SimTime.FromMilliseconds(50);

    internal const int ThreadPriority = 0;
    internal const int FaultPriority = 1;

    private readonly Simulator _sim;
    private readonly Guest _guest;
    private readonly GuestMemory _memory;
    private readonly NetworkPath _path;
    private readonly MigrationSettings _settings;
    private readonly HostProfile _host;
    private readonly RandomStreams _streams;
    private readonly MigrationPolicy _policy;
    private readonly RateLimiter _limiter;
    private readonly PageSender _sender;
    private readonly AutoConverge _autoConverge;
    private readonly IterationLog _iterations;
    private readonly TimelineSampler _sampler;
    private readonly SimTime _startedAt;
    private readonly SimTime _maxTimeAt;
    private readonly double _workAtStart;
    private readonly Process _thread;
    private readonly QemuBehaviour _qemu;
    private readonly DirtyLimit? _dirtyLimit;
    private PostcopyPhase? _postcopy;

    // QEMU 9.2+: with auto-converge, a timer syncs every 5 s when the thread has not (cpu-throttle.c)
    private SimTime _autoConvergeTickAt = SimTime.MaxValue;
    private long _syncCountAtLastTick;

    private SimTime _downtimeLimit;

    // QEMU's counters
    private string _status = MigrationStatus.Setup;
    private SimTime? _setupEnd;
    private double _thresholdBytes;
    private double _windowBandwidth;
    private long _expectedDowntimeMs;
    private long _syncCount;
    private long _dirtyPagesRate;
    private long _dirtyPagesPeriod;
    private SimTime _periodStart;
    private long _bytesXferPrev;
    private long _precopyBytes;
    private long _downtimeBytes;
    private long _remainingAtSync;
    private long _pendingAtStop;
    private long _thresholdAtStop;
    private SimTime? _guestStoppedAt;
    private SimTime? _guestPause;
    private bool _stopping;
    private bool _postcopyRequested;

    // The stream's rates as last read from the path: a rate change is applied at the moment it happens.
    private double _rate;
    private double _stoppedRate;

    // data in flight: polls taken while it moves credit it at a steady rate, and a rate change re-times the rest
    private SimTime _flightStart;
    private SimTime _flightEnd;
    private SimTime _flightSegmentStart;
    private double _flightDoneAtSegment;
    private double _flightWireBytes;
    private double _flightScanSeconds;
    private bool _flightStopped;
    private SentCounters _flightBefore;
    private Kernel.Timer? _flightTimer;

    private MigrationResult? _result;

    private MigrationProcess(Simulator sim, Guest guest, NetworkPath path, MigrationSettings settings, RandomStreams streams)
    {
        _sim = sim;
        _guest = guest;
        _memory = guest.Memory;
        _path = path;
        _settings = settings;
        _host = settings.Host;
        _streams = streams;
        _downtimeLimit = settings.Parameters.DowntimeLimit;
        _startedAt = sim.Now;
        long maxTime = settings.Parameters.MaxTime.Nanoseconds;
        _maxTimeAt = new SimTime(maxTime >= long.MaxValue / 2 - sim.Now.Nanoseconds ? long.MaxValue / 2 : sim.Now.Nanoseconds + maxTime);
        _workAtStart = guest.WorkSeconds(sim.Now);
        _qemu = QemuBehaviour.For(settings.Host.Qemu);
        _limiter = new RateLimiter(settings.Parameters.MaxBandwidthBytesPerSecond, RateLimitFlushBytes(_qemu, settings, _memory.PageSizeBytes));
        var zeroPages = _qemu.ZeroPagesFor(settings.Parameters);
        _sender = new PageSender(_memory, _host, zeroPages != ZeroPageDetection.None)
        {
            Xbzrle = settings.Parameters.Xbzrle is { } x ? new XbzrleCache(x.CacheSizeBytes, _memory.PageSizeBytes, guest.WorkloadSpec.BytesPerWrite) : null,
            Multifd = settings.Parameters.Multifd is { } m ? new MultifdStream(m, _qemu, _memory.PageSizeBytes, zeroPagesInPackets: zeroPages != ZeroPageDetection.Legacy)
            {
                ChannelParallelism = _host.MultifdSpeedup(settings.Parameters),
                Compression = _host.CompressionFor(m, _memory.PageSizeBytes),
            } : null,
            ProgramPages = (guest.Layout.ProgramStart, guest.Layout.ProgramStart + guest.Layout.ProgramPages),
            FlushMultifdEveryRound = !_qemu.MultifdSyncsEveryIterateStep,
        };
        _autoConverge = new AutoConverge(settings.Parameters.AutoConverge);
        _iterations = new IterationLog(_startedAt);
        _sampler = new TimelineSampler(_startedAt, settings.SampleInterval, settings.Timeline);
        _expectedDowntimeMs = (long)_downtimeLimit.Milliseconds;
        _rate = path.RateBytesPerSecond;
        _stoppedRate = path.StoppedRateBytesPerSecond;
        path.RateChanged += OnRateChanged;
        if (settings.Parameters.AutoConverge.Enabled && _qemu.AutoConvergeSyncPeriod is { } tick) _autoConvergeTickAt = _startedAt + tick;
        if (settings.Parameters.DirtyLimit is { } dl) _dirtyLimit = new DirtyLimit(dl, settings.Parameters.AutoConverge.TriggerThresholdPercent);
        _policy = settings.Policy.Create();
        _policy.Attach(this);
        _thread = sim.Start(Thread(), ThreadPriority);
    }

    /// <summary>
    /// Starts migrating <paramref name="guest"/> over <paramref name="path"/> now; the process runs
    /// as <paramref name="simulator"/> runs. <paramref name="streams"/> supplies the migration's own
    /// random streams (postcopy faults).
    /// </summary>
    public static MigrationProcess Start(Simulator simulator, Guest guest, NetworkPath path, MigrationSettings settings, RandomStreams streams)
    {
        ArgumentNullException.ThrowIfNull(simulator);
        ArgumentNullException.ThrowIfNull(guest);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(streams);
        if (settings.Policy.UsesPostcopy && settings.Type != MigrationType.Live)
            throw new ArgumentException($"policy {settings.Policy.Name} switches to postcopy, which needs a live migration: the guest must run on the destination");
        if (guest.State == VcpuState.RunningOnDestination)
            throw new ArgumentException($"guest {guest.Name} is already running on a destination");
        if (settings.Parameters.Multifd is not null && settings.Policy.UsesPostcopy)
            throw new ArgumentException($"policy {settings.Policy.Name} switches to postcopy, which QEMU does not combine with multifd (\"Postcopy is not yet compatible with multifd\"); use precopy");
        if (settings.Parameters.Multifd is not null && settings.Parameters.Xbzrle is not null)
            throw new ArgumentException("multifd and xbzrle together: QEMU 10 refuses it (7.2 sends the multifd pages without xbzrle); keep one of them");
        if (QemuBehaviour.For(settings.Host.Qemu).Missing(settings.Parameters) is { } missing)
            throw new ArgumentException(missing);
        return new MigrationProcess(simulator, guest, path, settings, streams);
    }

    // ---- what observers and policies see -------------------------------------------------

    /// <summary>The migration's name (the scenario's).</summary>
    public string Name => _settings.Name;
    /// <summary>The guest being moved.</summary>
    public Guest Guest => _guest;
    /// <summary>The path its stream crosses.</summary>
    public NetworkPath Path => _path;
    /// <summary>How it runs (policy, parameters, host constants).</summary>
    public MigrationSettings Settings => _settings;
    /// <summary>Postcopy phase settings.</summary>
    public PostcopyParameters Postcopy => _settings.Postcopy;
    /// <summary>The simulator it runs on.</summary>
    public Simulator Simulator => _sim;

    /// <summary>The QEMU release whose migration thread this follows (the host profile's qemu-version).</summary>
    public QemuBehaviour Qemu => _qemu;

    /// <summary>query-migrate's status: setup, active, postcopy-active, completed, cancelled.</summary>
    public string Status => _status;

    /// <summary>It has ended; <see cref="Result"/> is set.</summary>
    public bool IsFinished => _result is not null;

    /// <summary>The final figures; null until the migration ends.</summary>
    public MigrationResult? Result => _result;

    /// <summary>When migrate was issued.</summary>
    public SimTime StartedAt => _startedAt;

    /// <summary>downtime-limit now (migrate-set-parameters may change it).</summary>
    public SimTime DowntimeLimit => _downtimeLimit;

    /// <summary>max-bandwidth now, bytes/s (+infinity: no limit).</summary>
    public double MaxBandwidthBytesPerSecond => _limiter.MaxBytesPerSecond;

    /// <summary>dirty-sync-count so far.</summary>
    public long DirtySyncCount => _syncCount;

    /// <summary>Stop-rule threshold from the last closed window, bytes.</summary>
    public double ThresholdBytes => _thresholdBytes;

    /// <summary>Bandwidth measured over the last closed window, bytes/s.</summary>
    public double BandwidthBytesPerSecond => _windowBandwidth;

    /// <summary>Pages in the migration bitmap times the page size, bytes.</summary>
    public long PendingBytes => _memory.ToSend.Count * (long)_memory.PageSizeBytes;

    /// <summary>Bytes sent so far (query-migrate's transferred, as of the last step).</summary>
    public long TransferredBytes => _sender.TransferredBytes;

    /// <summary>Iterations that have ended so far.</summary>
    public IReadOnlyList<IterationRecord> Iterations => _iterations.Closed;

    /// <summary>The postcopy-ram capability: the policy may switch to postcopy.</summary>
    public bool PostcopyAllowed => _settings.Policy.UsesPostcopy && _settings.Type == MigrationType.Live;

    // ---- events ----------------------------------------------------------------------------

    /// <summary>After each dirty bitmap sync.</summary>
    public event Action<SyncInfo>? Synced;

    /// <summary>When a 100 ms rate-limit window closes.</summary>
    public event Action<WindowInfo>? WindowClosed;

    /// <summary>When the guest stops on the source (to complete, or to switch to postcopy).</summary>
    public event Action<StopInfo>? Stopped;

    /// <summary>When the guest resumes on the destination in postcopy.</summary>
    public event Action<SimTime>? ResumedOnDestination;

    /// <summary>Each destination page fault, when its page arrives.</summary>
    public event Action<FaultRecord>? Faulted;

    /// <summary>Each query-migrate poll, in time order.</summary>
    public event Action<MigrationSample>? Sampled;

    /// <summary>When the migration ends (completed, cancelled, or stopped at max-time).</summary>
    public event Action<MigrationResult>? Finished;

    // ---- controls (QMP commands an operator or orchestrator issues) -------------------------

    /// <summary>migrate-set-parameters downtime-limit: used from the next window's threshold on.</summary>
    public void SetDowntimeLimit(SimTime limit)
    {
        if (limit <= SimTime.Zero) throw new ArgumentOutOfRangeException(nameof(limit), "downtime-limit must be > 0");
        _downtimeLimit = limit;
    }

    /// <summary>migrate-set-parameters max-bandwidth (bytes/s; +infinity: no limit): applies to the current window at once, as QEMU resets its rate limit.</summary>
    public void SetMaxBandwidth(double bytesPerSecond)
    {
        if (_postcopy is null) _limiter.SetLimit(bytesPerSecond);
    }

    /// <summary>
    /// Moves the page scan: the next pages sent are the pending ones from <paramref name="page"/>
    /// on (wrapping at the end of memory). QEMU continues from where it stopped; a policy that
    /// pushes pages in another order calls this at its decision points.
    /// </summary>
    public void ScanFrom(long page) => _sender.Cursor = page;

    /// <summary>migrate-start-postcopy: the policy switches at its next iterate check (QEMU's precopy honours it when postcopy-ram is on).</summary>
    public void RequestPostcopy()
    {
        if (!PostcopyAllowed) throw new InvalidOperationException($"{Name}: postcopy-ram is off (policy {_settings.Policy.Name}, type {_settings.Type})");
        _postcopyRequested = true;
    }

    /// <summary>migrate_cancel during precopy: the guest stays (and runs) on the source. Returns false once the guest has stopped or moved.</summary>
    public bool Cancel(string reason)
    {
        if (IsFinished || _stopping) return false;
        _thread.Stop();
        CancelNow(_sim.Now, reason);
        return true;
    }

    /// <summary>Pauses the guest on the source (virsh suspend): it stops dirtying memory, and its downtime counts from now.</summary>
    public void PauseGuest()
    {
        if (IsFinished || _stopping || _guest.State != VcpuState.RunningOnSource) return;
        _guest.Pause(_sim.Now);
        _guestStoppedAt = _sim.Now;
    }

    // ---- the migration thread ---------------------------------------------------------------

    private IEnumerable<Wait> Thread()
    {
        if (_settings.Type == MigrationType.Offline)
        {
            // The guest is shut off: only its definition is created on the destination.
            yield return _sim.Delay(_host.SwitchoverCost);
            FinishOffline();
            yield break;
        }
        if (_settings.Type == MigrationType.Online)
        {
            _guest.Pause(_sim.Now);
            _guestStoppedAt = _sim.Now;
        }
        yield return _sim.Until(SimTime.Min(_startedAt + _host.SetupTime, _maxTimeAt));
        Poll(_sim.Now);
        if (_sim.Now >= _maxTimeAt)
        {
            CancelNow(_sim.Now, $"max-time {_settings.Parameters.MaxTime} reached");
            yield break;
        }
        SetupDone(_sim.Now);

        while (true)
        {
            SimTime now = _sim.Now;
            Poll(now);
            // migration_update_counters: the window closes at the first pass of the loop after 100 ms.
            if (now >= _limiter.WindowEnd) CloseWindow(now);
            if (now >= _autoConvergeTickAt) AutoConvergeTick(now);
            if (now >= _maxTimeAt)
            {
                CancelNow(now, $"max-time {_settings.Parameters.MaxTime} reached");
                yield break;
            }
            if (_limiter.IsExhausted)
            {
                // Rate limited: the thread sleeps until the window ends (qemu_sem_timedwait).
                SimTime wake = SimTime.Min(_limiter.WindowEnd, _maxTimeAt);
                _path.SenderIdleUntil(wake);
                yield return _sim.Until(wake);
                continue;
            }

            var decision = Ask(now, justSynced: false);
            if (decision.Action == MigrationAction.Sync)
            {
                _guest.AdvanceTo(now);
                Sync(now, duringStop: false);
                decision = Ask(now, justSynced: true);
                if (decision.Action == MigrationAction.Sync)
                    throw new InvalidOperationException($"policy {_settings.Policy.Name} asked for a second sync in one check at {now}");
            }
            switch (decision.Action)
            {
                case MigrationAction.Complete:
                    foreach (var w in Complete(now, decision.Reason ?? "converged")) yield return w;
                    yield break;
                case MigrationAction.StartPostcopy:
                    if (!PostcopyAllowed)
                        throw new InvalidOperationException($"policy {_settings.Policy.Name} switched to postcopy without the postcopy-ram capability");
                    _postcopy = new PostcopyPhase(this);
                    foreach (var w in _postcopy.Run(now, decision.Reason ?? "postcopy")) yield return w;
                    yield break;
                case MigrationAction.Cancel:
                    CancelNow(now, decision.Reason ?? "cancelled by the policy");
                    yield break;
                case MigrationAction.Iterate:
                    if (_settings.Parameters.MaxIterations > 0 && _syncCount >= _settings.Parameters.MaxIterations)
                    {
                        CancelNow(now, $"max-iterations {_settings.Parameters.MaxIterations} reached");
                        yield break;
                    }
                    yield return IterateStep(now);
                    break;
                default:
                    throw new InvalidOperationException($"policy {_settings.Policy.Name} returned an unknown action {decision.Action}");
            }
        }
    }

    /// <summary>
    /// cpu_throttle_dirty_sync_timer_tick (QEMU 9.2+): syncs when no sync happened since the last
    /// tick, past the first round. The timer runs on the main loop; the model takes it at the
    /// thread's next wake-up (at most MAX_WAIT or one window late), on the timer's own 5 s grid.
    /// </summary>
    private void AutoConvergeTick(SimTime now)
    {
        var period = _qemu.AutoConvergeSyncPeriod!.Value;
        while (_autoConvergeTickAt <= now) _autoConvergeTickAt += period;
        if (_syncCount > 1 && _syncCount == _syncCountAtLastTick) Sync(now, duringStop: false);
        _syncCountAtLastTick = _syncCount;
    }

    private MigrationDecision Ask(SimTime now, bool justSynced) =>
        _policy.Decide(new IterationCheck(now, now - _startedAt, PendingBytes, _thresholdBytes, _windowBandwidth, _syncCount,
            justSynced, _postcopyRequested, PostcopyAllowed));

    /// <summary>ram_init_bitmaps and the first sync: every page pending, the dirty log starts now.</summary>
    private void SetupDone(SimTime now)
    {
        // Writes before now change content only: every page is pending anyway, and the dirty log starts now.
        _guest.AdvanceTo(now);
        _guest.FlushWrites(_memory);
        _memory.ToSend.SetAll();
        if (PostcopyAllowed) _memory.TrackReceived();
        if (_memory.TracksReceived) _memory.Received.ClearAll();
        _syncCount = 1;
        _periodStart = now;
        _setupEnd = now;
        _limiter.Start(now);
        _sender.StartMultifd(); // a few KiB of initial and SYNC packets before the first page
        _precopyBytes = _sender.TransferredBytes;
        _status = MigrationStatus.Active;
        _iterations.Open(1, now, _sender.TransferredBytes, _memory.ToSend.Count, _memory.Pages, 0, (long)_thresholdBytes);
    }

    /// <summary>
    /// The multifd channels' flush (multifd_send_sync_main): its bytes as the release counts them
    /// (7.2: full pages) and the seconds it takes at <paramref name="rate"/> for what it writes
    /// (compressed, with compression).
    /// </summary>
    private (double Counted, double Seconds) FlushMultifd(double rate)
    {
        double wireBefore = _sender.Multifd?.WireBytes ?? 0;
        double counted = _sender.FlushMultifd();
        return (counted, ((_sender.Multifd?.WireBytes ?? 0) - wireBefore) / rate);
    }

    /// <summary>
    /// ram_save_iterate: sends pending pages until the window's budget is spent, the pass empties,
    /// or MAX_WAIT has passed (each may overshoot by the page in progress, as QEMU checks before a
    /// page). Returns how long the step takes at the path's rate.
    /// </summary>
    private Wait IterateStep(SimTime now)
    {
        var before = Counters();
        double unwrittenBefore = _sender.UnwrittenBytes;
        double timeBudget = Math.Min(MaxWait.Seconds, (_maxTimeAt - now).Seconds);
        var (bytes, seconds) = _sender.Send(_limiter.WindowBudgetBytes, timeBudget, _rate);
        if (_qemu.MultifdSyncsEveryIterateStep)
        {
            // 7.2: ram_save_iterate ends with multifd_send_sync_main (the partial packet, a SYNC per channel, a wait for all).
            var (counted, flushSeconds) = FlushMultifd(_rate);
            bytes += counted;
            seconds += flushSeconds;
        }
        _limiter.Consume(bytes);
        _precopyBytes = _sender.TransferredBytes;
        double wire = bytes - (_sender.UnwrittenBytes - unwrittenBefore); // compressed where 7.2 counts full pages
        return Fly(now, wire, seconds - wire / _rate, stopped: false, before);
    }

    /// <summary>migration_update_counters: closes the 100 ms window and measures its bandwidth.</summary>
    internal void CloseWindow(SimTime now)
    {
        double sent = _limiter.SentInWindowBytes;
        SimTime start = _limiter.WindowStart;
        double limit = _limiter.WindowLimitBytes;
        double bandwidth = _limiter.CloseWindow(now);
        WindowClosed?.Invoke(new WindowInfo(start, now, sent, limit, bandwidth, _postcopy is not null));
        _windowBandwidth = bandwidth;
        // 8.2+: avail-switchover-bandwidth, when set, is what the switchover is assumed to get.
        double switchover = _settings.Parameters.AvailSwitchoverBandwidthBytesPerSecond is { } avail && _qemu.HasAvailSwitchoverBandwidth ? avail : bandwidth;
        _thresholdBytes = switchover * _downtimeLimit.Seconds;
        if (_postcopy is null && _dirtyPagesRate != 0 && sent > 10000 && switchover > 0)
            _expectedDowntimeMs = (long)(_remainingAtSync / (switchover / 1000));
    }

    /// <summary>migration_bitmap_sync: merge the dirty log; once a second, update the dirty rate and auto-converge.</summary>
    internal void Sync(SimTime now, bool duringStop)
    {
        _guest.AdvanceTo(now);
        var merge = _memory.ForSync();
        _guest.FlushWrites(merge);
        long newly = merge.NewlyPending;
        _syncCount++;
        if (_sender.Xbzrle is { } cache) cache.Generation = _syncCount;
        _dirtyPagesPeriod += newly;
        _remainingAtSync = PendingBytes;
        if ((now - _periodStart).Milliseconds > 1000)
        {
            long periodMs = (long)(now - _periodStart).Milliseconds;
            double dirtied = (double)_dirtyPagesPeriod * _memory.PageSizeBytes, sent = _sender.TransferredBytes - _bytesXferPrev;
            if (_autoConverge.OnPeriod(dirtied, sent))
                _guest.SetThrottle(now, _autoConverge.ThrottlePercent);
            else if (_dirtyLimit is not null && _dirtyLimit.OnPeriod(dirtied, sent))
                _guest.SetThrottle(now, _dirtyLimit.ThrottlePercentFor(_guest.WorkloadSpec.MeanRatePagesPerSecond, _memory.PageSizeBytes));
            _dirtyPagesRate = _dirtyPagesPeriod * 1000 / Math.Max(1, periodMs);
            _periodStart = now;
            _dirtyPagesPeriod = 0;
            _bytesXferPrev = _sender.TransferredBytes;
        }
        double iterationSeconds = (now - _iterations.CurrentStart).Seconds;
        var info = new SyncInfo(now, _syncCount, _iterations.Current, newly, _memory.ToSend.Count,
            _sender.TransferredBytes - _iterations.CurrentStartBytes, _memory.PageSizeBytes + _host.PageHeaderBytes, duringStop);
        _policy.OnSync(info);
        Synced?.Invoke(info);
        CloseIteration(now);
        _iterations.Open((int)_syncCount, now, _sender.TransferredBytes, _memory.ToSend.Count, newly,
            iterationSeconds > 0 ? newly / iterationSeconds : 0, (long)_thresholdBytes);
    }

    internal void CloseIteration(SimTime now) => _iterations.Close(now, _sender.TransferredBytes, _guest.ThrottlePercent);

    /// <summary>migration_completion: stop the guest, final sync, send the rest without the rate limit, device state.</summary>
    private IEnumerable<Wait> Complete(SimTime stop, string reason)
    {
        RecordStop(stop, MigrationAction.Complete, reason);
        Sync(stop, duringStop: true);
        if (_sender.Xbzrle is { } cache) cache.LastStage = true;
        var before = Counters();
        double unwrittenBefore = _sender.UnwrittenBytes;
        var (bytes, seconds) = _sender.SendAll(_stoppedRate);
        var (counted, flushSeconds) = FlushMultifd(_stoppedRate); // ram_save_complete's last flush and sync
        bytes += counted;
        seconds += flushSeconds;
        _downtimeBytes = _sender.TransferredBytes - _precopyBytes;
        double wire = bytes - (_sender.UnwrittenBytes - unwrittenBefore);
        yield return Fly(stop, wire, seconds - wire / _stoppedRate, stopped: true, before);
        SimTime end = _sim.Now + _host.SwitchoverCost;
        _path.SenderIdleUntil(end);
        yield return _sim.Until(end);
        Poll(end);
        CloseIteration(end);
        _status = MigrationStatus.Completed;
        double transferSeconds = (end - _setupEnd!.Value).Seconds;
        // The last write to the socket leaves up to a socket's worth of data in flight, which the
        // destination loads before it resumes the guest.
        double inFlight = Math.Min(_downtimeBytes, _host.SocketBufferBytes);
        _guestPause = end - _guestStoppedAt!.Value + SimTime.FromSeconds(inFlight / _stoppedRate) + _host.DestinationResumeTime;
        Finish(end, end - _guestStoppedAt!.Value, MigrationStatus.Completed, converged: true, reason,
            mbps: transferSeconds > 0 ? _sender.TransferredBytes * 8 / transferSeconds / 1e6 : 0);
    }

    /// <summary>The guest stops on the source to complete or to switch: pending and threshold as the decision saw them.</summary>
    internal void RecordStop(SimTime now, MigrationAction action, string reason)
    {
        _stopping = true;
        _pendingAtStop = PendingBytes;
        _thresholdAtStop = (long)_thresholdBytes;
        _guest.Pause(now);
        _guestStoppedAt ??= now;
        Stopped?.Invoke(new StopInfo(now, action, reason, _pendingAtStop, _thresholdAtStop));
    }

    private void CancelNow(SimTime now, string why)
    {
        Poll(now);
        _guest.AdvanceTo(now);
        if (_settings.Type == MigrationType.Live && _guest.State == VcpuState.Paused && _guestStoppedAt is not null)
            _guest.RunOnSource(now); // an operator's pause ends with the migration: the guest runs on where it is
        CloseIteration(now);
        _status = MigrationStatus.Cancelled;
        // A cancelled live migration leaves the guest on the source: no downtime to report.
        SimTime? downtime = _settings.Type == MigrationType.Live ? null : now - _startedAt;
        Finish(now, downtime, MigrationStatus.Cancelled, converged: false, why, _windowBandwidth * 8 / 1e6);
    }

    private void FinishOffline()
    {
        SimTime end = _sim.Now;
        _status = MigrationStatus.Completed;
        Finish(end, null, MigrationStatus.Completed, converged: true,
            "offline: guest defined on the destination and left shut off; no memory transferred", 0);
    }

    // ---- accounting -------------------------------------------------------------------------

    internal SentCounters Counters() => new(_sender.TransferredBytes, _sender.NormalPages, _sender.DuplicatePages, PendingBytes,
        _precopyBytes, _downtimeBytes, _postcopy?.PostcopyBytes ?? 0);

    /// <summary>
    /// The data from <paramref name="before"/> to the current counters (<paramref name="wireBytes"/>
    /// on the wire and <paramref name="scanSeconds"/> of page scanning) moves from <paramref name="start"/>
    /// at the stream's rate; the returned wait ends when it has, re-timed if the rate changes meanwhile.
    /// </summary>
    private Wait Fly(SimTime start, double wireBytes, double scanSeconds, bool stopped, in SentCounters before)
    {
        _flightBefore = before;
        _flightStart = _flightSegmentStart = start;
        _flightDoneAtSegment = 0;
        _flightWireBytes = wireBytes;
        _flightScanSeconds = Math.Max(0, scanSeconds);
        _flightStopped = stopped;
        _flightEnd = start + FlightTime(1);
        _flightTimer = _sim.Timer(_flightEnd);
        return _flightTimer;
    }

    /// <summary>Time the given share of the data in flight takes at the current rate.</summary>
    private SimTime FlightTime(double share) =>
        SimTime.FromSeconds(share * (_flightWireBytes / (_flightStopped ? _stoppedRate : _rate) + _flightScanSeconds));

    /// <summary>Share of the data in flight sent by <paramref name="t"/>.</summary>
    private double FlightDone(SimTime t)
    {
        if (t >= _flightEnd) return 1;
        if (t <= _flightSegmentStart || _flightEnd <= _flightSegmentStart) return _flightDoneAtSegment;
        return _flightDoneAtSegment + (1 - _flightDoneAtSegment) * ((t - _flightSegmentStart).Seconds / (_flightEnd - _flightSegmentStart).Seconds);
    }

    private SentCounters CountersAt(SimTime t)
    {
        var now = Counters();
        if (t < _flightStart || t >= _flightEnd) return now;
        return SentCounters.Lerp(_flightBefore, now, FlightDone(t));
    }

    /// <summary>The path re-shared its capacity: what is in flight finishes at the new rate.</summary>
    private void OnRateChanged()
    {
        SimTime now = _sim.Now;
        if (IsFinished) return;
        Poll(now); // polls due before now saw the old rate
        _postcopy?.Materialize(now);
        if (now < _flightEnd && _flightTimer is not null)
        {
            _flightDoneAtSegment = FlightDone(now);
            _flightSegmentStart = now;
            _rate = _path.RateBytesPerSecond;
            _stoppedRate = _path.StoppedRateBytesPerSecond;
            _flightEnd = now + FlightTime(1 - _flightDoneAtSegment);
            _flightTimer.Reschedule(_flightEnd);
        }
        else
        {
            _rate = _path.RateBytesPerSecond;
            _stoppedRate = _path.StoppedRateBytesPerSecond;
        }
        _postcopy?.OnRateChanged();
    }

    /// <summary>The stream's rate now, bytes/s (the path's share of its links).</summary>
    internal double Rate => _rate;

    /// <summary>Takes every query-migrate poll due before <paramref name="now"/>, from the state that held until now.</summary>
    // Checked here first: most calls (one per postcopy event) have no poll due, and the delegates cost an allocation.
    internal void Poll(SimTime now)
    {
        if (_sampler.IsDue(now)) _sampler.CatchUp(now, Sample, Sampled);
    }

    private MigrationSample Sample(SimTime t) => Sample(t, null);

    private MigrationSample Sample(SimTime t, SimTime? downtime)
    {
        _postcopy?.Materialize(t);
        var c = CountersAt(t);
        bool setup = _setupEnd is null;
        return new MigrationSample
        {
            ElapsedMs = (t - _startedAt).Milliseconds,
            Status = _status,
            TotalTimeMs = (long)(t - _startedAt).Milliseconds,
            DowntimeMs = downtime is { } d ? (long)Math.Round(d.Milliseconds) : null,
            ExpectedDowntimeMs = setup ? null : _expectedDowntimeMs,
            SetupTimeMs = setup ? null : (long)(_setupEnd!.Value - _startedAt).Milliseconds,
            CpuThrottlePercentage = _guest.ThrottlePercent,
            Transferred = c.Transferred,
            Remaining = c.Remaining,
            Total = _guest.RamTotalBytes,
            Duplicate = c.Duplicate,
            Normal = c.Normal,
            NormalBytes = c.Normal * _memory.PageSizeBytes,
            DirtyPagesRate = _dirtyPagesRate,
            Mbps = _windowBandwidth * 8 / 1e6,
            DirtySyncCount = _syncCount,
            PostcopyRequests = _postcopy?.Requests ?? 0,
            PrecopyBytes = c.Precopy,
            DowntimeBytes = c.Downtime,
            PostcopyBytes = c.Postcopy,
            GuestProgress = GuestProgress(t),
        };
    }

    private double GuestProgress(SimTime t)
    {
        double elapsed = (t - _startedAt).Seconds;
        return elapsed <= 0 ? 1 : Math.Clamp((_guest.WorkSeconds(t) - _workAtStart) / elapsed, 0, 1);
    }

    internal void Finish(SimTime end, SimTime? downtime, string status, bool converged, string outcome, double mbps)
    {
        if (_result is not null) return;
        _path.RateChanged -= OnRateChanged;
        Poll(end);
        var pc = _postcopy;
        var faults = pc?.Faults ?? new FaultLog();
        var summary = new MigrationSummary
        {
            Scenario = _settings.Name,
            Type = _settings.Type.ToString().ToLowerInvariant(),
            Policy = _settings.Policy.Name,
            Seed = _settings.Seed,
            Status = status,
            Converged = converged,
            Outcome = outcome,
            DirtySyncCount = _syncCount,
            TotalTimeMs = (end - _startedAt).Milliseconds,
            DowntimeMs = downtime?.Milliseconds,
            GuestPauseMs = status == MigrationStatus.Completed ? (pc?.GuestPause ?? _guestPause)?.Milliseconds : null,
            DiscardRanges = pc?.DiscardRanges,
            XbzrlePages = _sender.Xbzrle?.Pages,
            XbzrleBytes = _sender.Xbzrle?.Bytes,
            XbzrleCacheMiss = _sender.Xbzrle?.CacheMiss,
            XbzrleOverflow = _sender.Xbzrle?.Overflow,
            MultifdBytes = _sender.Multifd?.MultifdBytes,
            SetupTimeMs = _setupEnd is { } se ? (se - _startedAt).Milliseconds : 0,
            RamTotal = _guest.RamTotalBytes,
            Transferred = _sender.TransferredBytes,
            Normal = _sender.NormalPages,
            Duplicate = _sender.DuplicatePages,
            NormalBytes = _sender.NormalBytes,
            PrecopyBytes = _precopyBytes,
            DowntimeBytes = _downtimeBytes,
            PostcopyBytes = pc?.PostcopyBytes ?? 0,
            PostcopyRequests = pc?.Requests ?? 0,
            CpuThrottlePercentage = _guest.ThrottlePercent,
            Mbps = mbps,
            PendingAtStopBytes = _pendingAtStop,
            ThresholdAtStopBytes = _thresholdAtStop,
            Faults = faults.Count,
            FaultsCsvOneIn = pc is null ? null : faults.OneIn,
            FaultLatencyP50Ms = faults.Latency.Quantile(0.50),
            FaultLatencyP95Ms = faults.Latency.Quantile(0.95),
            FaultLatencyP99Ms = faults.Latency.Quantile(0.99),
            FaultLatencyMaxMs = faults.Count == 0 ? null : faults.Latency.Max,
            VcpuBlockedMs = pc?.BlockedMs(end) ?? 0,
            GuestProgress = GuestProgress(end),
            SwitchTimeMs = pc is null ? null : (pc.SwitchAt - _startedAt).Milliseconds,
            SwitchRule = pc?.Reason,
            ExposureWindowMs = pc is not null && status == MigrationStatus.Completed ? (end - pc.SwitchAt).Milliseconds : null,
        };
        _sampler.Final(Sample(end, downtime), Sampled);
        _result = new MigrationResult(summary, _iterations.Closed, _sampler.Samples)
        {
            StalePagesOnDestination = _memory.IsAudited && status == MigrationStatus.Completed ? _memory.CountStaleOnDestination() : null,
            Faults = faults.Records.OrderBy(f => f.TimeMs).ToList(),
            RequestedTwice = pc?.RequestedTwice ?? 0,
            FirstFaults = faults.FirstFaults,
            PagesMissingAtSwitch = pc?.PagesMissingAtSwitch ?? 0,
            PagesSentInPostcopy = pc?.PagesSent ?? 0,
        };
        Finished?.Invoke(_result);
    }

    // ---- what the postcopy phase shares with the thread ---------------------------------------

    internal GuestMemory Memory => _memory;
    internal PageSender Sender => _sender;
    internal RateLimiter Limiter => _limiter;

    /// <summary>
    /// The block the rate limit sees bytes in (<see cref="RateLimiter.FlushBytes"/>): on a release that counts
    /// at qemu_fflush, the pages the main channel's 64 iovec entries hold (two a page: header, data). Not with
    /// multifd (its channels' packets are counted as <see cref="MultifdStream"/> says) nor xbzrle (its encoded
    /// pages are copied into the 32 KiB buffer, which fills on its own schedule): there the limit counts each byte.
    /// </summary>
    private static double RateLimitFlushBytes(QemuBehaviour qemu, MigrationSettings settings, int pageSizeBytes)
    {
        if (qemu.RateLimitSeesPagesFlushed is not { } pages || settings.Parameters.Multifd is not null || settings.Parameters.Xbzrle is not null) return 0;
        return pages * (double)(settings.Host.PageHeaderBytes + pageSizeBytes);
    }
    internal HostProfile Host => _host;
    internal RandomStreams Streams => _streams;
    internal MigrationPolicy Policy => _policy;
    internal SimTime MaxTimeAt => _maxTimeAt;
    internal SimTime SetupEnd => _setupEnd!.Value;

    internal void EnterPostcopy()
    {
        _status = MigrationStatus.PostcopyActive;
        _sender.InPostcopy = true;
        _precopyBytes = _sender.TransferredBytes;
        _thresholdBytes = 0; // measured afresh over the first postcopy window
        _flightEnd = _flightStart; // no more interpolation: the postcopy stream is materialised as it goes
        _flightTimer = null;
    }

    internal void SetCompleted() => _status = MigrationStatus.Completed;

    internal void OnResumed(SimTime at) => ResumedOnDestination?.Invoke(at);

    internal void OnFault(FaultRecord f) => Faulted?.Invoke(f);

    /// <summary>Someone listens to <see cref="Faulted"/>: only then does every fault need a record.</summary>
    internal bool ListensToFaults => Faulted is not null;

    internal void EndThread() { if (_thread.IsAlive) _thread.Stop(); }
}
