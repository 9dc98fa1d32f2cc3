using MigrationSim.Model.Policies;

namespace MigrationSim.Model.Tests.Policies;

/// <summary>
/// Policies unlike QEMU's, to show the contract holds whatever a policy decides: stopping above
/// the threshold, cancelling, moving the scan, prepaging heavily.
/// </summary>
internal static class TestPolicies
{
    /// <summary>Stops and completes after N iterations whatever is pending (a "give up and pause" policy).</summary>
    public sealed record StopAfter(int Iterations) : PolicySpec
    {
        public override string Name => "stop-after";
        public override MigrationPolicy Create() => new Policy(Iterations);

        private sealed class Policy(int n) : QemuPrecopyPolicy
        {
            public override MigrationDecision Decide(in IterationCheck check) =>
                check.DirtySyncCount >= n ? MigrationDecision.Complete($"stopped after {n} iterations") : base.Decide(check);
        }
    }

    /// <summary>Cancels at the third sync.</summary>
    public sealed record CancelAtThirdSync : PolicySpec
    {
        public override string Name => "cancel-at-third-sync";
        public override MigrationPolicy Create() => new Policy();

        private sealed class Policy : QemuPrecopyPolicy
        {
            public override MigrationDecision Decide(in IterationCheck check) =>
                check.DirtySyncCount >= 3 && !check.BelowThreshold ? MigrationDecision.Cancel("third sync") : base.Decide(check);
        }
    }

    /// <summary>Restarts the scan at the top of memory before every step: pages go lowest first, again and again.</summary>
    public sealed record LowestFirst : PolicySpec
    {
        public override string Name => "lowest-first";
        public override MigrationPolicy Create() => new Policy();

        private sealed class Policy : QemuPrecopyPolicy
        {
            public override MigrationDecision Decide(in IterationCheck check)
            {
                Migration.ScanFrom(0);
                return base.Decide(check);
            }
        }
    }

    /// <summary>Postcopy that sends 32 pages with each requested one and restarts the background scan at page 0.</summary>
    public sealed record PrepagingPostcopy : PolicySpec
    {
        public override string Name => "prepaging-postcopy";
        public override bool UsesPostcopy => true;
        public override MigrationPolicy Create() => new Policy();

        private sealed class Policy : QemuHybridPolicy
        {
            public Policy() : base(SwitchRule.Immediately) { }
            public override PostcopyRequestPlan OnPostcopyRequest(long page) => new(0, 32);
        }
    }
}
