using System.Numerics;
using MigrationSim.Kernel;
using MigrationSim.Model.Network;
using MigrationSim.Model.Results;
using MigrationSim.Model.Workloads;

namespace MigrationSim.Model.Migration;

/// <summary>
/// The postcopy phase (migration/postcopy-ram.c, ram.c get_queued_page): the guest runs on the
/// destination while the source pushes the missing pages in the background at
/// max-postcopy-bandwidth; a destination access to a missing page faults, a request crosses the
/// return path, the source sends that page ahead of the background pass and continues the pass
/// from there.
/// <para>
/// Guest accesses form a Poisson stream at the workload's access rate; the fault rate is that
/// rate times the access-probability mass of the pages still missing, which only shrinks, so the
/// next fault is drawn by thinning against an upper bound: O(1) work per fault and per page sent.
/// </para>
/// </summary>
public sealed partial class MigrationEngine
{
    private readonly List<FaultRecord> _faults = [];
    private readonly List<long> _requestLog = [];
    private readonly Dictionary<long, List<SimTime>> _outstanding = []; // page -> fault times of its waiters

    private SimTime? _switchAt;
    private SimTime _resumeAt;
    private long _pagesMissingAtSwitch;
    private long _pagesSentInPostcopy;
    private long _postcopyBytes;
    private SimTime _linkFreeAt;   // end of the background data sent so far
    private SimTime _urgentFreeAt; // end of the requested pages sent so far
    private SimTime? _completedAt;

    // destination guest
    private AccessPattern[] _patterns = [];
    private double[] _missingMass = [];
    private double _accessRateBound;
    private double _lambdaBound;
    private int _runnable;
    private SimTime? _runningSince;
    private SimTime? _blockedSince;
    private SimTime _blockedTotal;
    private EventHandle? _nextFault;
    private RandomStream? _faultRng;

    private double AccessFactor => 1 / (1 - Math.Clamp(_input.Workload.ReadRatio, 0, 0.999));

    /// <summary>postcopy_start: stop, final sync, discard stale pages on the destination, device state, resume there.</summary>
    private void StartPostcopy(SimTime now)
    {
        AdvanceGuest(now);
        _vmRunning = false;
        _pendingAtStop = _memory.ToSend.Count * (long)_memory.PageSizeBytes;
        _thresholdAtStop = (long)_thresholdBytes;
        Sync(now);
        DiscardStalePages();
        _switchAt = now;
        _status = MigrationStatus.PostcopyActive;
        _precopyBytes = _sender.TransferredBytes;
        _pagesMissingAtSwitch = _memory.ToSend.Count;
        // Downtime: device state and the discard bitmap cross, then the destination starts.
        // It does not depend on how fast the guest dirtied memory.
        _resumeAt = now + _host.SwitchoverCost + _link.Latency;
        _limiter.SetLimit(double.IsPositiveInfinity(_p.MaxPostcopyBandwidthBytesPerSecond)
            ? _link.BandwidthBytesPerSecond : _p.MaxPostcopyBandwidthBytesPerSecond);
        _sim.ScheduleAt(_resumeAt, ResumeOnDestination, TickPriority);
    }

    /// <summary>Pages sent earlier and dirtied since are stale on the destination: it drops them and must fault them in again.</summary>
    private void DiscardStalePages()
    {
        ulong[] pending = _memory.ToSend.Words;
        var received = _memory.Received;
        for (int i = 0; i < pending.Length; i++)
        {
            ulong stale = pending[i] & received.Words[i];
            if (stale != 0) received.ClearWordBits(i, stale);
        }
    }

    private void ResumeOnDestination()
    {
        SimTime now = _sim.Now;
        _faultRng = _streams.Get("postcopy.faults");
        _runnable = _input.Postcopy.PageFaults == PageFaultMode.Asynchronous ? Math.Max(1, _input.Postcopy.GuestTasks) : 1;
        _runningSince = now;
        _patterns = DistinctPatterns();
        _missingMass = _patterns.Select(MissingMass).ToArray();
        _accessRateBound = _workload.MaxWriteRate * AccessFactor;
        _sender.Sent = OnPagesSent;
        _limiter.Start(now);
        _thresholdBytes = 0; // measured afresh over the first postcopy window
        _linkFreeAt = now;
        _urgentFreeAt = now;
        ScheduleNextFault(now);
        _sim.ScheduleAt(now, PostcopyStep, TickPriority);
    }

    private AccessPattern[] DistinctPatterns()
    {
        // A phased workload has one pattern per phase; sample each phase start once.
        var found = new List<AccessPattern>();
        var spec = _input.Workload;
        IEnumerable<long> probes = spec is PhasedWorkloadSpec ph
            ? ph.Phases.Select((_, i) => ph.Phases.Take(i).Sum(x => x.DurationNanoseconds))
            : [0L];
        foreach (long t in probes)
            if (_workload.AccessPatternAt(new SimTime(t)) is { } a && !found.Contains(a)) found.Add(a);
        return found.ToArray();
    }

    private double MissingMass(AccessPattern a)
    {
        double mass = 0;
        for (long p = _memory.ToSend.NextSetBit(a.FirstPage); p >= 0 && p < a.FirstPage + a.Pages; p = _memory.ToSend.NextSetBit(p + 1))
            mass += a.Weight(p);
        return mass;
    }

    private void OnPagesSent(int wordIndex, ulong bits)
    {
        if (_switchAt is null) return;
        _pagesSentInPostcopy += BitOperations.PopCount(bits);
        long basePage = (long)wordIndex << 6;
        while (bits != 0)
        {
            long page = basePage + BitOperations.TrailingZeroCount(bits);
            bits &= bits - 1;
            for (int i = 0; i < _patterns.Length; i++)
                _missingMass[i] -= _patterns[i].Weight(page);
        }
    }

    /// <summary>One tick of the source in postcopy: background pages at max-postcopy-bandwidth.</summary>
    private void PostcopyStep()
    {
        SimTime tickStart = _sim.Now;
        SimTime tickEnd = tickStart + Tick;
        if (tickStart - _limiter.WindowStart >= RateLimiter.Window)
        {
            double bandwidth = _limiter.CloseWindow(tickStart);
            _windowMbps = bandwidth * 8 / 1e6;
            _thresholdBytes = bandwidth * _p.DowntimeLimit.Seconds;
        }
        SimTime clock = SimTime.Max(tickStart, _linkFreeAt);
        if (_memory.ToSend.Count > 0 && PendingBytes < _thresholdBytes && !_limiter.IsExhausted)
        {
            // migration_iteration_run applies the stop rule in postcopy too: once the rest fits the
            // threshold, migration_completion sends it without the rate limit, at the running speed:
            // the guest now runs on the destination, which must place every page.
            long before = _sender.TransferredBytes;
            var (_, seconds) = _sender.SendAll(_link.BandwidthBytesPerSecond);
            _postcopyBytes += _sender.TransferredBytes - before;
            clock += SimTime.FromSeconds(seconds);
            _linkFreeAt = clock;
        }
        else if (clock < tickEnd && _memory.ToSend.Count > 0 && !_limiter.IsExhausted)
        {
            long before = _sender.TransferredBytes;
            var (bytes, seconds) = _sender.Send(_limiter.WindowBudgetBytes, (tickEnd - clock).Seconds, _link.BandwidthBytesPerSecond);
            _limiter.Consume(bytes);
            _postcopyBytes += _sender.TransferredBytes - before;
            clock += SimTime.FromSeconds(seconds);
            _linkFreeAt = clock;
        }
        if (TryFinishPostcopy(SimTime.Max(clock, tickStart))) return;
        _sim.ScheduleAt(tickEnd, PostcopyStep, TickPriority);
    }

    private bool TryFinishPostcopy(SimTime at)
    {
        if (_completedAt is not null || _memory.ToSend.Count > 0 || _outstanding.Count > 0) return false;
        _completedAt = at;
        _sim.ScheduleAt(SimTime.Max(at, _sim.Now), FinishPostcopy, TickPriority);
        return true;
    }

    private void FinishPostcopy()
    {
        SimTime end = _completedAt!.Value;
        _nextFault?.Cancel();
        CloseIteration(end);
        if (_runningSince is { } since)
        {
            _guestWorkSeconds += (end - since).Seconds;
            _runningSince = null;
        }
        if (_blockedSince is { } b)
        {
            _blockedTotal += end - b;
            _blockedSince = null;
        }
        _status = MigrationStatus.Completed;
        double transferSeconds = (end - _setupEnd - (_resumeAt - _switchAt!.Value)).Seconds;
        _summary = BuildSummary(end, _resumeAt - _switchAt.Value, MigrationStatus.Completed, converged: true,
            $"completed in postcopy (switch: {_switchFiredBy})",
            mbps: transferSeconds > 0 ? _sender.TransferredBytes * 8 / transferSeconds / 1e6 : 0);
        _timeline.Add(Sample(end, _resumeAt - _switchAt.Value));
    }

    private void ScheduleNextFault(SimTime from)
    {
        _nextFault?.Cancel();
        _nextFault = null;
        if (_runnable == 0 || _completedAt is not null) return;
        double mass = _missingMass.Length == 0 ? 0 : _missingMass.Max();
        _lambdaBound = _accessRateBound * Math.Max(0, mass);
        if (_lambdaBound <= 0) return;
        double wait = -Math.Log(_faultRng!.NextDoubleNonZero()) / _lambdaBound;
        if (wait > 1e6) return; // practically never, and beyond any migration
        _nextFault = _sim.ScheduleAt(from + SimTime.FromSeconds(wait), FaultCandidate, TickPriority + 1);
    }

    /// <summary>A candidate access to a missing page; accepted with the ratio of the current fault rate to the bound it was drawn with.</summary>
    private void FaultCandidate()
    {
        SimTime now = _sim.Now;
        _nextFault = null;
        var pattern = _workload.AccessPatternAt(now);
        int i = pattern is null ? -1 : Array.IndexOf(_patterns, pattern);
        double rate = i < 0 ? 0 : _workload.WriteRateAt(now) * AccessFactor * Math.Max(0, _missingMass[i]);
        if (rate <= 0 || _faultRng!.NextDouble() * _lambdaBound >= rate || PickMissingPage(pattern!) is not { } page)
        {
            ScheduleNextFault(now);
            return;
        }
        Fault(now, page);
        ScheduleNextFault(now);
    }

    /// <summary>A page the access pattern chooses among those the destination lacks (rejection; a scan as the last resort).</summary>
    private long? PickMissingPage(AccessPattern pattern)
    {
        for (int tries = 0; tries < 256; tries++)
        {
            long p = pattern.Sample(_faultRng!);
            if (!_memory.Received.Get(p)) return p;
        }
        long start = pattern.FirstPage + (long)_faultRng!.NextUInt64((ulong)pattern.Pages);
        long end = pattern.FirstPage + pattern.Pages;
        for (long p = _memory.ToSend.NextSetBit(start); p >= 0; p = _memory.ToSend.NextSetBit(p + 1))
        {
            if (p >= end) break;
            if (pattern.Weight(p) > 0) return p;
        }
        for (long p = _memory.ToSend.NextSetBit(pattern.FirstPage); p >= 0 && p < start; p = _memory.ToSend.NextSetBit(p + 1))
            if (pattern.Weight(p) > 0) return p;
        return null;
    }

    private void Fault(SimTime now, long page)
    {
        _runnable--;
        if (_runnable == 0)
        {
            _blockedSince = now;
            if (_runningSince is { } since) _guestWorkSeconds += (now - since).Seconds;
            _runningSince = null;
        }
        if (_outstanding.TryGetValue(page, out var waiters))
        {
            waiters.Add(now);
            return;
        }
        _outstanding[page] = [now];
        _requestLog.Add(page);
        _sim.ScheduleAt(now + _host.FaultServiceTimeFor(_p.MaxPostcopyBandwidthBytesPerSecond) + _link.Latency, () => RequestAtSource(page), TickPriority + 1);
    }

    /// <summary>The source takes the request (get_queued_page): the page goes next, then the background pass resumes after it.</summary>
    private void RequestAtSource(long page)
    {
        SimTime now = _sim.Now;
        if (!_memory.ToSend.Get(page))
        {
            // The background pass sent it while the request crossed; it is at the destination by now.
            _sim.ScheduleAt(now, () => PageArrives(page), TickPriority + 1);
            return;
        }
        // QEMU 7.2 wakes the rate-limited migration thread for a request and checks the queue
        // before every background page, so an urgent page waits only for other urgent pages and,
        // without postcopy-preempt, for the background data already in the socket buffer.
        SimTime start = SimTime.Max(now, _urgentFreeAt);
        if (!_input.Postcopy.Preempt && _linkFreeAt > now)
            start += _link.TransferTime(Math.Min(_host.SocketBufferBytes, _link.BytesIn(_linkFreeAt - now)));
        long before = _sender.TransferredBytes;
        _sender.SendPage(page);
        SimTime arrives = start + _link.TransferTime(_sender.TransferredBytes - before) + _link.Latency;
        long from = page + 1;
        for (int q = 0; q < _input.Postcopy.Prepage; q++)
        {
            long next = _memory.ToSend.NextSetBit(from);
            if (next < 0) break;
            _sender.SendPage(next);
            from = next + 1;
        }
        long sent = _sender.TransferredBytes - before;
        _postcopyBytes += sent;
        _limiter.Consume(sent);
        _urgentFreeAt = start + _link.TransferTime(sent);
        // The link is shared: the background stream is pushed back by what the request took.
        _linkFreeAt = SimTime.Max(_linkFreeAt, now) + _link.TransferTime(sent);
        _sender.Cursor = page + 1;
        _sim.ScheduleAt(arrives, () => PageArrives(page), TickPriority + 1);
    }

    private void PageArrives(long page)
    {
        SimTime now = _sim.Now;
        if (!_outstanding.Remove(page, out var waiters)) return;
        for (int w = 0; w < waiters.Count; w++)
            _faults.Add(new FaultRecord(waiters[w].Milliseconds, page, (now - waiters[w]).Milliseconds, Joined: w > 0));
        bool wasBlocked = _runnable == 0;
        _runnable += waiters.Count;
        if (wasBlocked && _blockedSince is { } b)
        {
            _blockedTotal += now - b;
            _blockedSince = null;
            _runningSince = now;
            ScheduleNextFault(now);
        }
        TryFinishPostcopy(SimTime.Max(now, _linkFreeAt));
    }
}
