using MigrationSim.Analysis.Planning;
using MigrationSim.Kernel;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Network;
using MigrationSim.Model.Workloads;

namespace MigrationSim.Analysis.Tests.Planning;

public class SlaPlannerTests
{
    private const double MiB = 1 << 20;

    /// <summary>An idle guest: every setting moves its 128 MiB of resident pages once, so total time is about 128 MiB / bandwidth.</summary>
    private static SimulationInput Idle => new()
    {
        Name = "idle", Seed = 7,
        Guest = new GuestSpec(256L << 20, 4096, 128L << 20),
        Link = new Link(1.25e9, SimTime.FromMicroseconds(100)),
    };

    /// <summary>A uniform writer at 60 MiB/s over 64 MiB: precopy needs bandwidth, postcopy costs guest progress.</summary>
    private static SimulationInput Writer => Idle with
    {
        Name = "writer",
        Workload = new UniformWorkloadSpec(16384, 15000) { ReadRatio = 0.5 },
        Parameters = new MigrationParameters { MaxTime = SimTime.FromSeconds(60) },
    };

    private static PlanResult Plan(SimulationInput input, PlanConstraints k, PlanRanking ranking = PlanRanking.Bandwidth, int reps = 2) =>
        SlaPlanner.Plan(new PlanRequest { Workloads = [new PlanWorkload("scenario", input)], Constraints = k, Ranking = ranking, Replications = reps }, 2, CancellationToken.None);

    [Fact]
    public void Policies_and_the_bandwidth_cap_limit_the_candidates()
    {
        var k = new PlanConstraints { MaxDowntime = SimTime.FromMilliseconds(100), Policies = [PlanPolicy.Precopy], MaxBandwidthBytesPerSecond = 128 * MiB };
        var list = SlaPlanner.Candidates(Idle, k);
        Assert.All(list, c => Assert.Equal(PlanPolicy.Precopy, c.Policy));
        Assert.All(list, c => Assert.True(c.BandwidthBytesPerSecond <= 128 * MiB));
        // 16, 32, 64, 128 MiB/s x downtime-limits 25, 50, 100 ms x auto-converge off/on.
        Assert.Equal(4 * 3 * 2, list.Count);
        var all = SlaPlanner.Candidates(Idle, k with { Policies = [PlanPolicy.Precopy, PlanPolicy.Postcopy, PlanPolicy.Hybrid], MaxBandwidthBytesPerSecond = null });
        // 8 rungs x (3 limits x 2 x (precopy + 3 hybrid rules) + postcopy).
        Assert.Equal(8 * (3 * 2 * 4 + 1), all.Count);
    }

    [Fact]
    public void The_idle_guest_needs_the_rung_that_moves_its_memory_in_time()
    {
        // 128 MiB in <= 3 s needs more than 42.7 MiB/s: 64 MiB/s (about 2 s) is the cheapest rung; 32 MiB/s takes 4 s.
        var r = Plan(Idle, new PlanConstraints { MaxDowntime = SimTime.FromMilliseconds(100), MaxTotal = SimTime.FromSeconds(3) });
        var best = r.Ranked[0];
        Assert.Equal(64 * MiB, best.Candidate.BandwidthBytesPerSecond);
        Assert.InRange(best.WorstTotalTimeMs, 2000 * 0.98, 2000 * 1.06);
        Assert.DoesNotContain(r.Outcomes, o => o.Accepted && o.Candidate.BandwidthBytesPerSecond < 64 * MiB);
        // Replication 0 runs the scenario's seed; the others their own.
        Assert.All(r.Outcomes, o => Assert.Equal([7UL, SlaPlanner.Seed(7, 1)], o.Runs.Select(x => x.Seed)));
        Assert.NotEqual(7UL, SlaPlanner.Seed(7, 1));
        // By total time, the fastest rung wins instead.
        var fastest = Plan(Idle, new PlanConstraints { MaxDowntime = SimTime.FromMilliseconds(100), MaxTotal = SimTime.FromSeconds(3) }, PlanRanking.TotalTime, reps: 1);
        Assert.Equal(1.25e9, fastest.Ranked[0].Candidate.BandwidthBytesPerSecond);
    }

    [Fact]
    public void Accepted_settings_meet_every_constraint_in_every_run_and_rejected_ones_miss_one()
    {
        var k = new PlanConstraints
        {
            MaxDowntime = SimTime.FromMilliseconds(50), MaxTotal = SimTime.FromSeconds(20),
            MinGuestProgress = 0.9, MaxExposure = SimTime.FromMilliseconds(500),
        };
        var r = Plan(Writer, k);
        Assert.NotEmpty(r.Ranked);
        Assert.Contains(r.Outcomes, o => !o.Accepted && o.Candidate.Policy == PlanPolicy.Postcopy && o.MainViolation is "guest progress" or "exposure");
        foreach (var o in r.Outcomes)
        {
            bool allMeet = o.Runs.All(s => s.Status == "completed" && s.DowntimeMs <= 50 && s.TotalTimeMs <= 20_000
                                           && s.GuestProgress >= 0.9 && (s.ExposureWindowMs ?? 0) <= 500);
            Assert.Equal(allMeet, o.Accepted);
        }
    }

    [Fact]
    public void The_ranking_has_one_row_per_choice_in_the_chosen_order()
    {
        var k = new PlanConstraints { MaxDowntime = SimTime.FromMilliseconds(100), MaxTotal = SimTime.FromSeconds(30) };
        foreach (var ranking in Enum.GetValues<PlanRanking>())
        {
            var rows = Plan(Writer, k, ranking, reps: 1).Ranked;
            Assert.True(rows.Count > 3, $"{ranking}: {rows.Count} rows");
            Assert.Equal(rows.Count, rows.DistinctBy(o => (o.Candidate.Label, o.Candidate.BandwidthBytesPerSecond)).Count());
            Func<PlanOutcome, double> key = ranking switch
            {
                PlanRanking.TotalTime => o => o.WorstTotalTimeMs,
                PlanRanking.Downtime => o => o.WorstDowntimeMs!.Value,
                PlanRanking.ProgressLost => o => 1 - o.WorstGuestProgress,
                _ => o => o.Candidate.BandwidthBytesPerSecond,
            };
            Assert.Equal(rows.Select(key).Order(), rows.Select(key));
            // No two rows of one bandwidth cost the same (a hybrid that never switched is the precopy row).
            static bool Close(double a, double b) => Math.Abs(a - b) <= 0.02 * Math.Max(Math.Abs(a), Math.Abs(b)) + 1e-9;
            foreach (var a in rows)
            foreach (var b in rows.Where(b => b != a && b.Candidate.BandwidthBytesPerSecond == a.Candidate.BandwidthBytesPerSecond))
                Assert.False(Close(a.WorstTotalTimeMs, b.WorstTotalTimeMs) && Close(a.WorstDowntimeMs ?? 0, b.WorstDowntimeMs ?? 0) && Close(a.WorstGuestProgress, b.WorstGuestProgress)
                             && Close(a.WorstExposureMs, b.WorstExposureMs) && Close(a.WorstVcpuBlockedMs, b.WorstVcpuBlockedMs) && Close(a.MaxTransferredBytes, b.MaxTransferredBytes),
                    $"{ranking}: {a.Candidate.Label} and {b.Candidate.Label} at {a.Candidate.BandwidthLabel} cost the same");
        }
    }

    [Fact]
    public void A_lower_min_share_accepts_settings_that_meet_the_sla_in_most_runs()
    {
        var k = new PlanConstraints { MaxDowntime = SimTime.FromMilliseconds(30), MaxTotal = SimTime.FromSeconds(20), MinShare = 0.5 };
        var r = Plan(Writer, k, reps: 2);
        Assert.All(r.Outcomes, o => Assert.Equal(o.Meeting >= 1, o.Accepted));
    }
}
