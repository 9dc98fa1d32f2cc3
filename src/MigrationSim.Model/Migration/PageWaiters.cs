using MigrationSim.Kernel;

namespace MigrationSim.Model.Migration;

/// <summary>
/// The faults waiting for one requested postcopy page, in order: the first (which sent the request)
/// inline, the ones that joined it in a list made only when one does (most pages have one waiter,
/// and a postcopy run can take tens of millions of faults).
/// </summary>
internal struct PageWaiters(SimTime first)
{
    private List<SimTime>? _joined;

    /// <summary>When the first waiter faulted.</summary>
    public readonly SimTime First => first;

    /// <summary>Waiters, the first included.</summary>
    public readonly int Count => 1 + (_joined?.Count ?? 0);

    /// <summary>When waiter <paramref name="i"/> (0 = the first) faulted.</summary>
    public readonly SimTime this[int i] => i == 0 ? first : _joined![i - 1];

    /// <summary>A fault at <paramref name="at"/> joins the request.</summary>
    public void Join(SimTime at) => (_joined ??= []).Add(at);
}
