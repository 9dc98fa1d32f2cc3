using MigrationSim.Kernel;
using MigrationSim.Model.Memory;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Workloads;

namespace MigrationSim.Model.Guests;

/// <summary>
/// One guest: its memory as the migration sees it (<see cref="GuestMemory"/>), the workload that
/// writes it, and its vCPU state. It exists apart from any migration, so a fleet holds many
/// guests on one clock and migrates each of them by a process of its own.
/// <para>The workload's writes are applied lazily. <see cref="AdvanceTo"/> only records how long
/// the vCPU ran and at what speed (a throttle slows it, a pause stops it); <see cref="FlushWrites"/>
/// applies everything written since the last flush in one bulk call per stretch of equal speed.
/// Between two dirty bitmap syncs only the set of distinct pages written matters (merging the
/// dirty log is an OR), so a migration flushes at each sync and the cost follows the distinct
/// pages written per sync, not the writes or the simulated time.</para>
/// </summary>
public sealed class Guest
{
    private readonly List<(SimTime From, SimTime To, double Speed)> _unapplied = [];
    private SimTime _workloadTime;
    private double _workSeconds; // full-speed-equivalent run time up to _workloadTime
    private SimTime? _destinationSince;

    private Guest(string name, GuestSpec spec, WorkloadSpec workloadSpec, GuestMemory memory, Workload workload, long extraRamBytes, MemoryLayout layout)
    {
        Layout = layout;
        Name = name;
        Spec = spec;
        WorkloadSpec = workloadSpec;
        Memory = memory;
        Workload = workload;
        ExtraRamBytes = extraRamBytes;
    }

    /// <summary>
    /// A guest as the migration finds it: the image footprint, resident pages and working set
    /// hold data (<see cref="MemoryLayout"/>), every other page is zero; the guest kernel's own
    /// background writes (<see cref="HostProfile.BackgroundDirtyRatePagesPerSecond"/>) join the workload.
    /// </summary>
    public static Guest Create(string name, GuestSpec spec, WorkloadSpec workloadSpec, HostProfile host, RandomStreams streams, bool audit = false) =>
        Create(name, spec, workloadSpec, host, streams, audit, null);

    /// <summary>As the public <c>Create</c>, with the page bitmaps taken from <paramref name="arena"/> (open for this run) when given.</summary>
    internal static Guest Create(string name, GuestSpec spec, WorkloadSpec workloadSpec, HostProfile host, RandomStreams streams, bool audit, PageBitmapArena? arena)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(workloadSpec);
        ArgumentNullException.ThrowIfNull(host);
        var memory = new GuestMemory(spec.Pages, spec.PageSizeBytes, audit, arena);
        var layout = MemoryLayout.For(spec, host, workloadSpec.WorkingSetPages);
        if (layout.ImageSpanPages > layout.SpreadImagePages) memory.PopulateSpread(layout.SpreadImagePages, layout.ImageSpanPages);
        else if (layout.SpreadImagePages > 0) memory.Populate(0, layout.SpreadImagePages);
        if (layout.ImageTopPages > 0) memory.Populate(spec.Pages - layout.ImageTopPages, layout.ImageTopPages);
        if (layout.ProgramPages > 0) memory.Populate(layout.ProgramStart, layout.ProgramPages);
        var workload = workloadSpec.Create(layout.WorkingSetStart, streams);
        long kernelPages = layout.ImagePages > 0 ? layout.ImageSpanPages : layout.WorkingSetStart;
        if (host.BackgroundDirtyRatePagesPerSecond > 0 && kernelPages > 0)
            workload = new CombinedWorkload(workload,
                new UniformWorkload(0, new UniformWorkloadSpec(kernelPages, host.BackgroundDirtyRatePagesPerSecond), streams.Get("background")));
        return new Guest(name, spec, workloadSpec, memory, workload, host.ExtraRamBytes, layout);
    }

    /// <summary>The guest's name.</summary>
    public string Name { get; }
    /// <summary>Its memory size and page size.</summary>
    public GuestSpec Spec { get; }
    /// <summary>What it writes, as the scenario says.</summary>
    public WorkloadSpec WorkloadSpec { get; }
    /// <summary>Where its image, resident pages and working set sit (what each page holds decides what it compresses to).</summary>
    public MemoryLayout Layout { get; }
    /// <summary>Its RAM as the migration sees it.</summary>
    public GuestMemory Memory { get; }
    /// <summary>The running workload (with the kernel's background writes when the host has any).</summary>
    public Workload Workload { get; }

    /// <summary>RAM regions besides main memory (ROMs, VGA) that query-migrate counts in ram.total, bytes.</summary>
    public long ExtraRamBytes { get; }

    /// <summary>query-migrate's ram.total, bytes.</summary>
    public long RamTotalBytes => Memory.SizeBytes + ExtraRamBytes;

    /// <summary>Where its vCPUs run now.</summary>
    public VcpuState State { get; private set; } = VcpuState.RunningOnSource;

    /// <summary>cpu-throttle-percentage set by auto-converge (0 = not throttled).</summary>
    public int ThrottlePercent { get; private set; }

    /// <summary>Time up to which the guest's run is accounted (its writes may not be applied yet: <see cref="FlushWrites"/>).</summary>
    public SimTime AdvancedTo => _workloadTime;

    /// <summary>
    /// The guest has run unhindered on the source up to <paramref name="now"/> (a fleet creates each
    /// guest when its migration starts). Its writes before then only set content, which the
    /// migration's first pass sends anyway, so they are not replayed; its work counts as done.
    /// </summary>
    public void RunningSince(SimTime now)
    {
        if (_workloadTime > SimTime.Zero || _unapplied.Count > 0 || State != VcpuState.RunningOnSource)
            throw new InvalidOperationException($"guest {Name} has already been run; RunningSince applies to a new guest");
        _workloadTime = now;
        _workSeconds = now.Seconds;
    }

    /// <summary>Accounts the guest's run on the source up to <paramref name="now"/> (none while it does not run there); its writes wait for <see cref="FlushWrites"/>.</summary>
    public void AdvanceTo(SimTime now)
    {
        if (now <= _workloadTime) return;
        if (State == VcpuState.RunningOnSource)
        {
            double speed = SourceSpeed;
            if (_unapplied.Count > 0 && _unapplied[^1].To == _workloadTime && _unapplied[^1].Speed == speed)
                _unapplied[^1] = (_unapplied[^1].From, now, speed);
            else
                _unapplied.Add((_workloadTime, now, speed));
            _workSeconds += (now - _workloadTime).Seconds * speed;
        }
        _workloadTime = now;
    }

    /// <summary>Applies every write made since the last flush (up to <see cref="AdvancedTo"/>) to <paramref name="writer"/>.</summary>
    public void FlushWrites(IPageWriter writer)
    {
        foreach (var (from, to, speed) in _unapplied)
            Workload.Advance(from, to, speed, writer);
        _unapplied.Clear();
    }

    /// <summary>Stops the vCPUs at <paramref name="now"/> (writes up to then are applied first).</summary>
    public void Pause(SimTime now)
    {
        AdvanceTo(now);
        EndDestinationRun(now);
        State = VcpuState.Paused;
    }

    /// <summary>Starts the vCPUs on the source (before a live migration, or when an operator resumes it).</summary>
    public void RunOnSource(SimTime now)
    {
        AdvanceTo(now);
        EndDestinationRun(now);
        State = VcpuState.RunningOnSource;
    }

    /// <summary>The guest resumes on the destination (postcopy). Its work from now on counts as done on the destination.</summary>
    public void RunOnDestination(SimTime now)
    {
        AdvanceTo(now);
        State = VcpuState.RunningOnDestination;
        _destinationSince = now;
    }

    /// <summary>Sets the vCPU throttle (auto-converge) from <paramref name="now"/> on, %.</summary>
    public void SetThrottle(SimTime now, int percent)
    {
        AdvanceTo(now);
        ThrottlePercent = percent;
    }

    /// <summary>Fraction of full speed the vCPU runs at on the source under the current throttle.</summary>
    public double SourceSpeed => ThrottleResponse.RateFactor(WorkloadSpec, ThrottlePercent);

    /// <summary>
    /// Guest work done up to <paramref name="now"/> in seconds of full-speed run time (a guest
    /// that ran unhindered since time zero has done <c>now</c> seconds), counting a vCPU running
    /// on the source right now. Work on the destination counts as the fault model reports it.
    /// </summary>
    public double WorkSeconds(SimTime now)
    {
        double work = _workSeconds;
        if (State == VcpuState.RunningOnSource && now > _workloadTime) work += (now - _workloadTime).Seconds * SourceSpeed;
        if (_destinationSince is { } since && now > since) work += (now - since).Seconds;
        return work;
    }

    /// <summary>Work so far over elapsed time, in [0, 1].</summary>
    public double Progress(SimTime now) => now.Nanoseconds == 0 ? 1 : Math.Clamp(WorkSeconds(now) / now.Seconds, 0, 1);

    /// <summary>Marks the destination vCPU as stalled from <paramref name="now"/>: work stops counting until <see cref="ResumeDestinationWork"/>.</summary>
    public void StallOnDestination(SimTime now) => EndDestinationRun(now);

    /// <summary>The destination vCPU runs again from <paramref name="now"/>.</summary>
    public void ResumeDestinationWork(SimTime now)
    {
        if (State == VcpuState.RunningOnDestination && _destinationSince is null) _destinationSince = now;
    }

    private void EndDestinationRun(SimTime now)
    {
        if (_destinationSince is { } since && now > since) _workSeconds += (now - since).Seconds;
        _destinationSince = null;
    }
}
