using System.Numerics;
using System.Runtime.InteropServices;
using MigrationSim.Kernel;
using MigrationSim.Model.Guests;
using MigrationSim.Model.Memory;
using MigrationSim.Model.Network;
using MigrationSim.Model.Policies;
using MigrationSim.Model.Results;
using MigrationSim.Model.Workloads;

namespace MigrationSim.Model.Migration;

/// <summary>
/// The postcopy phase of a migration (migration/postcopy-ram.c postcopy_start, migration/ram.c
/// get_queued_page): the guest runs on the destination while the source pushes the missing
/// pages in the background at max-postcopy-bandwidth; a destination access to a missing page
/// faults, a request crosses the return path, the source sends that page ahead of the
/// background stream and, as the policy says, continues the stream from there.
/// <para>
/// The background stream is credited as it goes: a page counts as sent (and present on the
/// destination) once the stream's clock has passed its last byte, so a fault at time t sees
/// exactly the pages sent by t. The thread wakes where QEMU's would (window ends, MAX_WAIT,
/// the end of the pass), never on a fixed tick.
/// </para>
/// <para>
/// Guest accesses form a Poisson stream at the workload's access rate; the fault rate is that
/// rate times the access-probability mass of the pages still missing, which only shrinks, so
/// the next fault is drawn by thinning against an upper bound: O(1) work per fault.
/// </para>
/// </summary>
internal sealed class PostcopyPhase
{
    private readonly MigrationProcess _m;
    private readonly Simulator _sim;
    private readonly GuestMemory _memory;
    private readonly PageSender _sender;
    private readonly RateLimiter _limiter;
    private readonly NetworkPath _path;
    private readonly HostProfile _host;
    private readonly Guest _guest;
    private readonly PostcopyParameters _params;

    private readonly FaultLog _faults = new();
    private MissingPages? _missing;   // the pages the destination misses (= still pending), with rank/select when needed
    private readonly Dictionary<long, PageWaiters> _outstanding = []; // page -> fault times of its waiters
    // Outstanding pages counted by bitmap word modulo the filter's size: the background stream sends a
    // word at a time, and a word whose count is 0 holds no requested page, so its 64 pages need no
    // lookup (268M pages go on a 1 TiB guest). Two increments per request keep it current.
    private readonly int[] _requestedWords = new int[RequestedWordsFilter];
    private const int RequestedWordsFilter = 4096;
    // Per-fault events allocate nothing: the next candidate fault is one reusable slot, and requests
    // reach the source a fixed delay after their faults, and pages mostly arrive in the order they
    // were sent: each kind has a lane (in time order, O(1)) while the guest runs on the destination.
    private EventLane? _requests;
    private EventLane? _arrivals;

    // source
    private SimTime _streamClock;   // the background stream has sent everything due up to here
    private SimTime _urgentFreeAt;  // end of the requested pages sent so far
    private SimTime _lastArrival;
    private SimTime _sendBase;      // stream time at which the current background Send call began
    private bool _urgent;           // pages now being sent go on the urgent path (their arrival is scheduled there)
    private bool _completing;       // migration_completion: the rest goes without the rate limit
    private bool _resumed;
    private bool _streaming;        // the background stream has begun (the package is written)
    private long _pendingZero;      // zero pages among the pending ones: the rest of the pass is known exactly
    private Signal? _drained;
    private Kernel.Timer? _wake;
    private bool _limitFollowsRate; // max-postcopy-bandwidth 0: the window carries what the link does
    private EventHandle? _maxTimer;

    // destination
    private AccessPattern[] _patterns = [];
    private double[] _missingMass = [];
    private double _accessRateBound;
    private double _lambdaBound;
    private int _runnable;
    private SimTime? _blockedSince;
    private SimTime _blockedTotal;
    private EventSlot? _nextFault;
    private RandomStream? _faultRng;
    private AccessDraws[] _draws = [];   // each pattern's accesses (drawn ahead, prefetched, on a large guest)

    public PostcopyPhase(MigrationProcess migration)
    {
        _m = migration;
        _sim = migration.Simulator;
        _memory = migration.Memory;
        _sender = migration.Sender;
        _limiter = migration.Limiter;
        _path = migration.Path;
        _host = migration.Host;
        _guest = migration.Guest;
        _params = migration.Postcopy;
    }

    public SimTime SwitchAt { get; private set; }
    public SimTime ResumeAt { get; private set; }
    public string Reason { get; private set; } = "";
    public long PagesMissingAtSwitch { get; private set; }
    public long PagesSent { get; private set; }
    public long PostcopyBytes { get; private set; }
    public long Requests { get; private set; }

    /// <summary>
    /// Requests for a page the destination already had: always 0 (the contract checks it). A page is
    /// requested only while it is pending, pending pages only leave, and a fault on a page already
    /// requested joins that request, so no page can be requested twice unless this count says so.
    /// </summary>
    public long RequestedTwice { get; private set; }
    public FaultLog Faults => _faults;

    private double AccessFactor => 1 / (1 - Math.Clamp(_guest.WorkloadSpec.ReadRatio, 0, 0.999));

    private bool Finished => _m.IsFinished;

    /// <summary>The phase as part of the migration thread: switch, resume on the destination, push the rest, finish.</summary>
    /// <summary>QEMU's downtime at the switch: stop to the last byte of device state and discard bitmap written.</summary>
    public SimTime SourceDowntime { get; private set; }

    /// <summary>The pause the guest sees at the switch: <see cref="SourceDowntime"/>, data in flight, the discard and the destination's resume.</summary>
    public SimTime GuestPause { get; private set; }

    /// <summary>Ranges in the discard bitmap at the switch.</summary>
    public long DiscardRanges { get; private set; }

    public IEnumerable<Wait> Run(SimTime now, string reason)
    {
        // postcopy_start: stop, final sync, discard stale pages on the destination, device state, resume there.
        Reason = reason;
        _m.RecordStop(now, MigrationAction.StartPostcopy, reason);
        _m.Sync(now, duringStop: true);
        DiscardStalePages();
        _memory.ForgetReceived();
        SwitchAt = now;
        // The discard bitmap goes as ranges of the pages still to send (ram_postcopy_send_discard_bitmap).
        DiscardRanges = _memory.ToSend.CountRuns();
        // Unthrottled sending left a socket's worth of data ahead of the switch; a rate limit lets it drain.
        double inFlight = double.IsPositiveInfinity(_limiter.MaxBytesPerSecond) ? _host.SocketBufferBytes : 0;
        _m.EnterPostcopy();
        PagesMissingAtSwitch = _memory.ToSend.Count;
        _pendingZero = _memory.ToSend.CountAnd(_memory.Zero);
        // QEMU's downtime: device state and the discard bitmap are written, independent of the dirty rate.
        // The guest runs on the destination once that has arrived and the destination has dropped
        // each discarded range and loaded the device state: the pause it sees.
        SourceDowntime = _host.SwitchoverCost + _path.Latency;
        GuestPause = SourceDowntime + SimTime.FromSeconds(inFlight / _m.Rate) + _host.SwitchResumeTime
                     + new SimTime(_host.DiscardRangeTime.Nanoseconds * DiscardRanges);
        ResumeAt = now + GuestPause;
        double maxPostcopy = _m.Settings.Parameters.MaxPostcopyBandwidthBytesPerSecond;
        _limitFollowsRate = double.IsPositiveInfinity(maxPostcopy);
        _limiter.SetLimit(_limitFollowsRate ? _m.Rate : maxPostcopy);
        _maxTimer = _sim.ScheduleAt(SimTime.Max(_m.MaxTimeAt, now), AtMaxTime, MigrationProcess.ThreadPriority);

        // postcopy_start returns once the package is written, and the migration thread goes on at once with
        // postcopy's iterate steps: the background stream starts while the destination is still loading the
        // device state and dropping discarded ranges (7.2 and 10.0; the window opened at this check goes on).
        yield return _sim.Until(now + SourceDowntime);
        StartStream(_sim.Now);
        _sim.ScheduleAt(ResumeAt, () => ResumeOnDestination(_sim.Now), MigrationProcess.FaultPriority);

        while (true)
        {
            SimTime t = _sim.Now;
            _m.Poll(t);
            Materialize(t);
            if (t >= _limiter.WindowEnd)
            {
                _m.CloseWindow(t);
                _streamClock = SimTime.Max(_streamClock, t);
            }
            if (_memory.ToSend.Count == 0) break;
            // migration_iteration_run applies the stop rule in postcopy too: once the rest fits the
            // threshold, migration_completion sends it without the rate limit.
            if (!_completing && _m.PendingBytes < _m.ThresholdBytes && !_limiter.IsExhausted) StartCompletion(t);
            _wake = _sim.Timer(NextWake(t));
            yield return _wake;
        }
        _wake = null;
        if (!_resumed) yield return _sim.Until(ResumeAt); // everything went before the guest resumed: its resume still comes first
        // Every page has left the source; the migration ends when the last one and the last
        // requested one are on the destination.
        while (_outstanding.Count > 0)
        {
            _drained = new Signal(_sim);
            yield return _drained;
        }
        Finish(SimTime.Max(_streamClock, _lastArrival));
    }

    /// <summary>When the thread next checks: MAX_WAIT or the window's end, or the end of the pass when the stream can finish it first.</summary>
    private SimTime NextWake(SimTime now)
    {
        double rate = _m.Rate;
        SimTime streamAt = SimTime.Max(_streamClock, now);
        double rest = RemainingPassBytes();
        long pending = _memory.ToSend.Count;
        SimTime passEnd = streamAt + SimTime.FromSeconds(_sender.SecondsFor(_pendingZero, pending - _pendingZero, rate)) + new SimTime(1);
        if (_completing) return passEnd;
        SimTime check = _limiter.IsExhausted
            ? _limiter.WindowEnd
            : SimTime.Min(now + MigrationProcess.MaxWait, _limiter.WindowEnd);
        return rest <= _limiter.WindowBudgetBytes ? SimTime.Min(check, passEnd) : check;
    }

    private double RemainingPassBytes() => _sender.BytesFor(_pendingZero, _memory.ToSend.Count - _pendingZero);

    /// <summary>Credits the background stream up to <paramref name="t"/>: what the rate (and the window's budget) let it send by then.</summary>
    public void Materialize(SimTime t)
    {
        if (!_streaming || t <= _streamClock || _memory.ToSend.Count == 0) return;
        double budget = _completing ? double.PositiveInfinity : _limiter.WindowBudgetBytes;
        if (budget <= 0) return;
        long before = _sender.TransferredBytes;
        _sendBase = _streamClock;
        var (bytes, seconds) = _sender.Send(budget, (t - _streamClock).Seconds, _m.Rate);
        if (!_completing) _limiter.Consume(bytes);
        PostcopyBytes += _sender.TransferredBytes - before;
        _streamClock += SimTime.FromSeconds(seconds);
    }

    /// <summary>Pages sent earlier and dirtied since are stale on the destination: it drops them and must fault them in again.</summary>
    private void DiscardStalePages()
    {
        var pending = _memory.ToSend;
        var received = _memory.Received;
        for (int i = 0; i < pending.WordCount; i++)
        {
            ulong stale = pending.Word(i) & received.Word(i);
            if (stale != 0) received.ClearWordBits(i, stale);
        }
    }

    /// <summary>The source's background stream begins: the destination's missing pages and the guest's access masses over them are tracked from here.</summary>
    private void StartStream(SimTime now)
    {
        _m.Poll(now);
        _streaming = true;
        _faultRng = _m.Streams.Get("postcopy.faults");
        _patterns = DistinctPatterns();
        _missingMass = _patterns.Select(MissingMass).ToArray();
        _accessRateBound = _guest.Workload.MaxWriteRate * AccessFactor;
        _missing = new MissingPages(_memory.ToSend);
        var ahead = _m.Streams.Get("postcopy.fault-pages");
        _draws = _patterns.Select(p => AccessDraws.For(p, _missing, _faultRng, ahead)).ToArray();
        _sender.Sent = OnPagesSent;
        _streamClock = now;
        _urgentFreeAt = now;
    }

    /// <summary>The guest runs on the destination: it faults on what the stream has not brought yet.</summary>
    private void ResumeOnDestination(SimTime now)
    {
        if (Finished) return;
        _m.Poll(now);
        Materialize(now);
        _resumed = true;
        _nextFault = _sim.Slot(FaultCandidate, MigrationProcess.FaultPriority);
        _requests = _sim.Lane(RequestAtSource, MigrationProcess.FaultPriority);
        _arrivals = _sim.Lane(PageArrives, MigrationProcess.FaultPriority);
        _runnable = _params.PageFaults == PageFaultMode.Asynchronous ? Math.Max(1, _params.GuestTasks) : 1;
        _guest.RunOnDestination(now);
        _m.OnResumed(now);
        ScheduleNextFault(now);
    }

    private AccessPattern[] DistinctPatterns()
    {
        // A phased workload has one pattern per phase; sample each phase start once.
        var found = new List<AccessPattern>();
        var spec = _guest.WorkloadSpec;
        IEnumerable<long> probes = spec is PhasedWorkloadSpec ph
            ? ph.Phases.Select((_, i) => ph.Phases.Take(i).Sum(x => x.DurationNanoseconds))
            : [0L];
        foreach (long t in probes)
            if (_guest.Workload.AccessPatternAt(new SimTime(t)) is { } a && !found.Contains(a)) found.Add(a);
        return found.ToArray();
    }

    private double MissingMass(AccessPattern a)
    {
        double mass = 0;
        if (a.Pages <= 0) return 0;
        int first = (int)(a.FirstPage >> 6), last = (int)((a.FirstPage + a.Pages - 1) >> 6);
        for (int w = first; w <= last; w++)
            if (_memory.ToSend.Word(w) is var bits and not 0) mass += a.Mass(w, bits);
        return mass;
    }

    private void OnPagesSent(int wordIndex, ulong bits, double secondsIntoSend)
    {
        int sent = BitOperations.PopCount(bits);
        PagesSent += sent;
        _missing!.Sent(wordIndex, sent);
        _pendingZero -= BitOperations.PopCount(bits & _memory.Zero.Word(wordIndex));
        for (int i = 0; i < _patterns.Length; i++)
            _missingMass[i] -= _patterns[i].Mass(wordIndex, bits);
        if (_urgent || _outstanding.Count == 0 || RequestedInWord(wordIndex) == 0) return;
        long basePage = (long)wordIndex << 6;
        while (bits != 0)
        {
            long page = basePage + BitOperations.TrailingZeroCount(bits);
            bits &= bits - 1;
            // A requested page that the background stream sends first wakes its waiters when it lands.
            if (_outstanding.ContainsKey(page))
            {
                SimTime lands = SimTime.Max(_sendBase + SimTime.FromSeconds(secondsIntoSend), _sim.Now) + _path.Latency;
                _arrivals!.ScheduleAt(lands, page);
            }
        }
    }

    /// <summary>The count of outstanding requests in the filter slot of bitmap word <paramref name="wordIndex"/>.</summary>
    private ref int RequestedInWord(int wordIndex) => ref _requestedWords[wordIndex & (RequestedWordsFilter - 1)];

    // ---- faults on the destination ----------------------------------------------------------

    private void ScheduleNextFault(SimTime from)
    {
        _nextFault!.Cancel();
        if (_runnable == 0 || Finished) return;
        double mass = 0;
        for (int i = 0; i < _missingMass.Length; i++)
            if (i == 0 || _missingMass[i] > mass) mass = _missingMass[i];
        _lambdaBound = _accessRateBound * Math.Max(0, mass);
        if (_lambdaBound <= 0) return;
        double wait = -Math.Log(_faultRng!.NextDoubleNonZero()) / _lambdaBound;
        if (wait > 1e6) return; // practically never, and beyond any migration
        _nextFault.ScheduleAt(from + SimTime.FromSeconds(wait));
    }

    /// <summary>A candidate access to a missing page; accepted with the ratio of the current fault rate to the bound it was drawn with.</summary>
    private void FaultCandidate()
    {
        SimTime now = _sim.Now;
        if (Finished) return;
        _m.Poll(now);
        Materialize(now);
        var pattern = _guest.Workload.AccessPatternAt(now);
        int i = pattern is null ? -1 : Array.IndexOf(_patterns, pattern);
        double rate = i < 0 ? 0 : _guest.Workload.WriteRateAt(now) * AccessFactor * Math.Max(0, _missingMass[i]);
        if (rate <= 0 || _faultRng!.NextDouble() * _lambdaBound >= rate || pattern!.PickMissing(_draws[i], _missing!, _missingMass[i]) is not { } page)
        {
            ScheduleNextFault(now);
            return;
        }
        Fault(now, page);
        ScheduleNextFault(now);
    }

    private void Fault(SimTime now, long page)
    {
        _runnable--;
        if (_runnable == 0)
        {
            _blockedSince = now;
            _guest.StallOnDestination(now);
        }
        ref var waiters = ref CollectionsMarshal.GetValueRefOrAddDefault(_outstanding, page, out bool requested);
        if (requested)
        {
            waiters.Join(now);
            return;
        }
        waiters = new PageWaiters(now);
        RequestedInWord((int)(page >> 6))++;
        Requests++;
        if (!_memory.ToSend.Get(page)) RequestedTwice++;
        _requests!.ScheduleAt(now + _host.FaultServiceTimeFor(_m.Settings.Parameters.MaxPostcopyBandwidthBytesPerSecond) + _path.Latency,
            page);
    }

    /// <summary>The source takes the request (get_queued_page): the page goes next, then the background stream resumes where the policy says.</summary>
    private void RequestAtSource(long page)
    {
        SimTime now = _sim.Now;
        if (Finished) return;
        _m.Poll(now);
        Materialize(now);
        bool streaming = _memory.ToSend.Count > 0 && (_completing || !_limiter.IsExhausted);
        // Sent by the background stream (or with another request) while the request crossed: its arrival is on its way.
        if (!_memory.ToSend.Get(page)) return;
        // The request wakes the rate-limited migration thread (migration_make_urgent_request posts
        // rate_limit_sem; 10.0 with preempt sends the page from the return path instead), 7.2 and 10.0 alike.
        // The wake runs migration_iteration_run even while the window's budget is spent: its stop rule sees
        // what this window's burst left, and below the threshold migration_completion sends the rest at
        // once. Otherwise, in a spent window qemu_savevm_state_iterate returns before RAM's iterate, so
        // the request is served when the window resets, ahead of the background pages. In a window with
        // budget the queue is checked before every background page, so an urgent page waits only for
        // other urgent pages and, without postcopy-preempt, for the background data already in the socket buffer.
        bool completes = WakesThread && !_completing && _limiter.IsExhausted && _m.PendingBytes < _m.ThresholdBytes;
        if (completes) StartCompletion(now); // the page still goes first (get_queued_page), behind what the burst left in the socket
        SimTime served = WaitsForWindow ? SimTime.Max(now, _limiter.WindowEnd) : now;
        SimTime start = SimTime.Max(served, _urgentFreeAt);
        if (!_params.Preempt)
        {
            double ahead = (_streamClock - served).Seconds;
            double queued = streaming ? _host.SocketBufferBytes : ahead <= 0 ? 0 : Math.Min(_host.SocketBufferBytes, _m.Rate * ahead);
            start += Transfer(queued);
        }
        var plan = _m.Policy.OnPostcopyRequest(page);
        long before = _sender.TransferredBytes;
        _urgent = true;
        _sender.SendPage(page);
        SimTime arrives = start + Transfer(_sender.TransferredBytes - before) + _path.Latency;
        long from = page + 1;
        for (int q = 0; q < plan.Prepage; q++)
        {
            long next = _memory.ToSend.NextSetBit(from);
            if (next < 0) break;
            _sender.SendPage(next);
            from = next + 1;
            // A prepaged page that another fault is waiting for lands with this batch.
            if (_outstanding.ContainsKey(next))
                _arrivals!.ScheduleAt(start + Transfer(_sender.TransferredBytes - before) + _path.Latency, next);
        }
        _urgent = false;
        long sent = _sender.TransferredBytes - before;
        PostcopyBytes += sent;
        _limiter.Consume(sent);
        SimTime urgentTime = Transfer(sent);
        _urgentFreeAt = start + urgentTime;
        // The link is shared: the background stream is pushed back by what the request took.
        _streamClock = SimTime.Max(_streamClock, served) + urgentTime;
        _sender.Cursor = plan.ResumeScanAt;
        _arrivals!.ScheduleAt(arrives, page);
        if (completes) _wake?.Reschedule(NextWake(now));
    }

    /// <summary>migration_completion in postcopy (ram_save_complete): the rest goes from <paramref name="now"/> without the rate limit.</summary>
    private void StartCompletion(SimTime now)
    {
        _completing = true;
        _streamClock = SimTime.Max(_streamClock, now);
    }

    /// <summary>
    /// A request reaches the migration thread's queue and wakes it: without postcopy-preempt, or with it
    /// on 7.2; 10.0's return-path thread sends the page itself (<see cref="QemuBehaviour.PreemptSendsRequestsDirectly"/>).
    /// </summary>
    private bool WakesThread => !(_params.Preempt && _m.Qemu.PreemptSendsRequestsDirectly);

    /// <summary>
    /// A request now waits for the rate-limit window to reset: the migration thread serves it (see
    /// <see cref="QemuBehaviour.PreemptSendsRequestsDirectly"/>), max-postcopy-bandwidth is set (QEMU
    /// disables the limit at 0), the window's budget is spent, and migration_completion has not lifted the limit.
    /// </summary>
    private bool WaitsForWindow =>
        WakesThread && !_limitFollowsRate && !_completing && _limiter.IsExhausted;

    private void PageArrives(long page)
    {
        SimTime now = _sim.Now;
        if (Finished || !_outstanding.Remove(page, out var waiters)) return;
        RequestedInWord((int)(page >> 6))--;
        _m.Poll(now);
        _lastArrival = SimTime.Max(_lastArrival, now);
        bool listened = _m.ListensToFaults;
        for (int w = 0; w < waiters.Count; w++)
        {
            double timeMs = (waiters[w] - _m.StartedAt).Milliseconds, latencyMs = (now - waiters[w]).Milliseconds;
            var kept = _faults.Add(timeMs, page, latencyMs, joined: w > 0);
            if (listened) _m.OnFault(kept ?? new FaultRecord(timeMs, page, latencyMs, Joined: w > 0));
        }
        bool wasBlocked = _runnable == 0;
        _runnable += waiters.Count;
        if (wasBlocked && _blockedSince is { } b)
        {
            _blockedTotal += now - b;
            _blockedSince = null;
            _guest.ResumeDestinationWork(now);
            ScheduleNextFault(now);
        }
        if (_outstanding.Count == 0 && _drained is { IsTriggered: false } d) d.Trigger();
    }

    private SimTime Transfer(double bytes) => SimTime.FromSeconds(bytes / _m.Rate);

    /// <summary>The path's share changed (the stream has been credited up to now at the old rate): re-plan the next check.</summary>
    public void OnRateChanged()
    {
        if (_limitFollowsRate) _limiter.SetLimit(_m.Rate);
        _wake?.Reschedule(NextWake(_sim.Now));
    }

    /// <summary>vCPU time lost to faults by <paramref name="end"/>, ms.</summary>
    public double BlockedMs(SimTime end) =>
        (_blockedTotal + (_blockedSince is { } b && end > b ? end - b : SimTime.Zero)).Milliseconds;

    private void Finish(SimTime end)
    {
        _maxTimer?.Cancel();
        _nextFault?.Cancel();
        CloseLanes();
        _m.CloseIteration(end);
        double transferSeconds = (end - _m.SetupEnd - SourceDowntime).Seconds;
        _m.SetCompleted();
        _m.Finish(end, SourceDowntime, MigrationStatus.Completed, converged: true,
            $"completed in postcopy (switch: {Reason})",
            mbps: transferSeconds > 0 ? _sender.TransferredBytes * 8 / transferSeconds / 1e6 : 0);
    }

    private void CloseLanes()
    {
        _requests?.Close();
        _arrivals?.Close();
    }

    /// <summary>The simulator's own limit: postcopy cannot be cancelled (the guest runs on the destination), so the run stops here, not completed.</summary>
    private void AtMaxTime()
    {
        if (Finished) return;
        SimTime now = _sim.Now;
        _m.Poll(now);
        Materialize(now);
        _nextFault?.Cancel();
        CloseLanes();
        _m.EndThread();
        _m.CloseIteration(now);
        _m.Finish(now, _streaming ? SourceDowntime : null, MigrationStatus.PostcopyActive, converged: false,
            $"max-time {_m.Settings.Parameters.MaxTime} reached in postcopy: {_memory.ToSend.Count} pages not sent and {_outstanding.Count} requests outstanding; the guest runs on the destination",
            mbps: _m.BandwidthBytesPerSecond * 8 / 1e6);
    }
}
