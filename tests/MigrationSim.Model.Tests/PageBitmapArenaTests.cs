using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MigrationSim.Model.Memory;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Policies;
using MigrationSim.Model.Results;
using MigrationSim.Model.Workloads;

namespace MigrationSim.Model.Tests;

/// <summary>
/// A sweep worker's runs take their page bitmaps from one <see cref="PageBitmapArena"/>: a bitmap
/// used by one run and taken again by the next must read exactly as a new one, and so must every
/// result computed on it.
/// </summary>
public class PageBitmapArenaTests
{
    /// <summary>Any use, then the arena's clearing, then any use again: every answer and every word as on a new bitmap.</summary>
    [Property(MaxTest = 500)]
    public Property A_reused_bitmap_answers_as_a_new_one(PositiveInt size, int[] firstRun, int[] secondRun)
    {
        long n = 1 + (long)size.Get * 7919 % 700; // 1..700 pages (up to 11 words), partial last words included
        var arena = new PageBitmapArena();
        arena.Open();
        var used = arena.Take(n);
        Apply(used, firstRun);
        arena.Close();

        arena.Open();
        var reused = arena.Take(n);
        if (!ReferenceEquals(used, reused)) return false.Label("the arena allocated instead of reusing");
        var fresh = new PageBitmap(n);
        var answersReused = Apply(reused, secondRun);
        var answersFresh = Apply(fresh, secondRun);
        List<long> stateReused = State(reused), stateFresh = State(fresh);
        arena.Close();
        return (answersReused.SequenceEqual(answersFresh) && stateReused.SequenceEqual(stateFresh))
            .Label($"n={n}: answers {string.Join(",", answersReused)} vs {string.Join(",", answersFresh)}; state {string.Join(",", stateReused)} vs {string.Join(",", stateFresh)}");
    }

    /// <summary>
    /// Runs of every kind that takes bitmaps (precopy; hybrid and postcopy, which also keep the destination's
    /// pages; an audited run; a guest of another size in between) through one arena, in an order where each
    /// takes what a different run left: results identical to the same runs on new bitmaps, field for field.
    /// </summary>
    [Fact]
    public void Runs_through_one_arena_give_the_results_of_new_bitmaps()
    {
        var uniform = new UniformWorkloadSpec(32_768, 40_000);
        SimulationInput[] inputs =
        [
            Scenarios.Make(Scenarios.GiB / 2, uniform, 64 * Scenarios.MiB, residentBytes: 64 << 20, seed: 3),
            Scenarios.Make(Scenarios.GiB / 2, uniform, 64 * Scenarios.MiB, seed: 4, policy: new HybridSpec(new SwitchRule { AfterIterations = 1 }),
                maxPostcopyBandwidth: 64 * Scenarios.MiB),
            Scenarios.Make(Scenarios.GiB / 2, new UniformWorkloadSpec(16_384, 200_000), 64 * Scenarios.MiB, seed: 5, policy: PostcopySpec.Instance),
            Scenarios.Make(Scenarios.GiB / 2, uniform, 48 * Scenarios.MiB, downtimeMs: 30, maxTimeSeconds: 20, seed: 6),
            Scenarios.Make(Scenarios.GiB / 4, uniform, 64 * Scenarios.MiB, seed: 7),
            Scenarios.Make(Scenarios.GiB / 2, uniform, 64 * Scenarios.MiB, residentBytes: 64 << 20, seed: 3, audit: true),
            Scenarios.Make(Scenarios.GiB / 2, uniform, 64 * Scenarios.MiB, residentBytes: 64 << 20, seed: 3),
        ];
        var arena = new PageBitmapArena();
        foreach (var input in inputs.Concat(inputs.Reverse()))
            Assert.Equal(Json(MigrationSimulation.Run(input)), Json(MigrationSimulation.Run(input, arena)));
    }

    [Fact]
    public void A_worker_allocates_its_bitmaps_once_per_guest_size()
    {
        var arena = new PageBitmapArena();
        var input = Scenarios.Make(Scenarios.GiB / 4, new UniformWorkloadSpec(16_384, 20_000), 64 * Scenarios.MiB);
        for (int i = 0; i < 3; i++) MigrationSimulation.Run(input with { Seed = (ulong)i }, arena);
        Assert.Equal(2, arena.Allocated); // the migration bitmap and the zero bitmap, kept from the first run
        Assert.Equal(2, arena.Lent);

        // Another guest size: the kept bitmaps do not fit, are dropped, and two new ones are made.
        MigrationSimulation.Run(input with { Guest = input.Guest with { MemoryBytes = Scenarios.GiB / 2 } }, arena);
        Assert.Equal(4, arena.Allocated);
        // A hybrid run keeps the destination's pages too: one more bitmap, then none for the next such run.
        var hybrid = input with { Policy = new HybridSpec(new SwitchRule { AfterIterations = 1 }) };
        MigrationSimulation.Run(hybrid, arena);
        MigrationSimulation.Run(hybrid, arena);
        Assert.Equal(3, arena.Lent);
        Assert.Equal(7, arena.Allocated);
    }

    [Fact]
    public void A_cancelled_run_gives_its_bitmaps_back_cleared()
    {
        var arena = new PageBitmapArena();
        var input = Scenarios.Make(Scenarios.GiB / 4, new UniformWorkloadSpec(16_384, 20_000), 64 * Scenarios.MiB);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => MigrationSimulation.Run(input, arena, cancelled.Token));
        // Not left open, and what the cancelled run wrote (the setup's populated pages) is gone.
        Assert.Equal(Json(MigrationSimulation.Run(input)), Json(MigrationSimulation.Run(input, arena)));
        Assert.Equal(2, arena.Allocated);
    }

    [Fact]
    public void An_arena_serves_one_run_at_a_time()
    {
        var arena = new PageBitmapArena();
        arena.Open();
        var e = Assert.Throws<InvalidOperationException>(() =>
            MigrationSimulation.Run(Scenarios.Make(Scenarios.GiB / 4, new UniformWorkloadSpec(16_384, 20_000), 64 * Scenarios.MiB), arena));
        Assert.Contains("in use by another run", e.Message);
        arena.Close();
        Assert.Throws<InvalidOperationException>(() => arena.Take(64));
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private static string Json(MigrationResult r) => JsonSerializer.Serialize(r, JsonOptions);

    /// <summary>Applies operations coded in <paramref name="ops"/> (as the bitmap's own property test does) and returns what each answered.</summary>
    private static List<long> Apply(PageBitmap bm, int[] ops)
    {
        long n = bm.Length;
        var answers = new List<long>();
        foreach (int op in ops)
        {
            long a = (long)(uint)op % n;
            long len = Math.Min(n - a, ((long)(uint)op >> 9) % 70);
            int w = (int)(a >> 6);
            switch ((uint)op % 9)
            {
                case 0: answers.Add(bm.Set(a) ? 1 : 0); break;
                case 1: answers.Add(bm.Clear(a) ? 1 : 0); break;
                case 2: bm.SetRange(a, len); break;
                case 3: bm.ClearRange(a, len); break;
                case 4: bm.SetAll(); break;
                case 5: bm.ClearAll(); break;
                case 6: bm.ClearWordBits(w, bm.Word(w) & ((ulong)(uint)op * 0x9E3779B97F4A7C15UL)); break;
                case 7: answers.Add(bm.SetWordBits(w, (ulong)(uint)op * 0xBF58476D1CE4E5B9UL & PageBitmap.RangeMask(w, 0, n))); break;
                default: answers.Add(bm.NextSetBit(a)); answers.Add(bm.CountRange(a, len)); break;
            }
            answers.Add(bm.Count);
        }
        return answers;
    }

    /// <summary>Everything a bitmap's users can read: each word, the count, the runs, the set pages in order.</summary>
    private static List<long> State(PageBitmap bm)
    {
        var s = new List<long> { bm.Count, bm.CountRuns() };
        for (int w = 0; w < bm.WordCount; w++) s.Add((long)bm.Word(w));
        for (long p = bm.NextSetBit(0); p >= 0; p = bm.NextSetBit(p + 1)) s.Add(p);
        return s;
    }
}
