using System.Diagnostics;
using System.Globalization;
using MigrationSim.Qemu.Guest;

namespace MigrationSim.Qemu.Tests.Guest;

/// <summary>
/// The guest's page samplers, checked on the host: workload.c built with -DMIGSIM_SAMPLER_TEST
/// prints how often each page was chosen. Seeds are fixed, so the statistics are deterministic;
/// the bounds are about five standard deviations wide, so a wrong distribution cannot pass.
/// In the real-QEMU collection: its speed test times the sampler by the wall clock, which four
/// TCG guests of a concurrent capture running beside it on two cores would distort.
/// </summary>
[Collection(Infrastructure.SlowQemuCollection.Name)]
public sealed class WorkloadSamplerTests : IClassFixture<WorkloadSamplerTests.Harness>
{
    private readonly Harness _harness;

    public WorkloadSamplerTests(Harness harness) => _harness = harness;

    public sealed class Harness : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("migsim-sampler-").FullName;

        public Harness()
        {
            Binary = Path.Combine(_dir, "sampler");
            var source = new GuestImageBuilder().WorkloadSourcePath;
            var gcc = Process.Start(new ProcessStartInfo("gcc", ["-DMIGSIM_SAMPLER_TEST", "-O2", "-Wno-unused-function", "-o", Binary, source, "-lm"])
            {
                RedirectStandardError = true,
            })!;
            var errors = gcc.StandardError.ReadToEnd();
            gcc.WaitForExit();
            Assert.True(gcc.ExitCode == 0, "gcc failed: " + errors);
        }

        public string Binary { get; }

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        public long[] Run(long samples, params string[] parameters)
        {
            var psi = new ProcessStartInfo(Binary) { RedirectStandardOutput = true };
            psi.ArgumentList.Add(samples.ToString(CultureInfo.InvariantCulture));
            foreach (var p in parameters)
                psi.ArgumentList.Add(p);
            using var process = Process.Start(psi)!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.Equal(0, process.ExitCode);
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => long.Parse(l, CultureInfo.InvariantCulture)).ToArray();
        }
    }

    private static double ChiSquare(long[] observed, double[] probabilities)
    {
        long n = observed.Sum();
        return observed.Zip(probabilities).Sum(p => Math.Pow(p.First - n * p.Second, 2) / (n * p.Second));
    }

    private static double Bound(int degreesOfFreedom) => degreesOfFreedom + 5 * Math.Sqrt(2.0 * degreesOfFreedom);

    [Theory]
    [InlineData(1000, 1.1)]
    [InlineData(1000, 0.8)]
    [InlineData(50, 2.0)]
    public void Zipf_rank_r_is_chosen_with_probability_proportional_to_r_to_the_minus_s(int pages, double s)
    {
        var counts = _harness.Run(2_000_000, "migsim.kind=zipf", $"migsim.ws={pages}", FormattableString.Invariant($"migsim.zipf_s={s}"), "migsim.seed=3");

        var weights = Enumerable.Range(1, pages).Select(r => Math.Pow(r, -s)).ToArray();
        double sum = weights.Sum();
        var chi = ChiSquare(counts, weights.Select(w => w / sum).ToArray());
        Assert.True(chi < Bound(pages - 1), $"chi-square {chi:0} over {pages - 1} degrees of freedom");
    }

    [Fact]
    public void Zipf_sampler_is_not_a_linear_scan()
    {
        var clock = Stopwatch.StartNew();
        var counts = _harness.Run(2_000_000, "migsim.kind=zipf", "migsim.ws=4194304", "migsim.zipf_s=1.0");

        // A CDF scan over 4 Mi pages would need minutes; rejection-inversion takes well under a second.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Equal(2_000_000, counts.Sum());
        Assert.True(counts[0] > counts[1] && counts[1] > counts[9]);
    }

    [Fact]
    public void Uniform_covers_the_working_set_evenly()
    {
        var counts = _harness.Run(1_000_000, "migsim.kind=uniform", "migsim.ws=500", "migsim.seed=9");

        var chi = ChiSquare(counts, Enumerable.Repeat(1.0 / 500, 500).ToArray());
        Assert.True(chi < Bound(499), $"chi-square {chi:0}");
    }

    [Fact]
    public void Hotspot_sends_hot_share_of_writes_to_the_first_hot_fraction_of_pages()
    {
        var counts = _harness.Run(1_000_000, "migsim.kind=hotspot", "migsim.ws=1000", "migsim.hot_frac=0.1", "migsim.hot_share=0.9");

        double hotShare = counts.Take(100).Sum() / 1_000_000.0;
        Assert.InRange(hotShare, 0.9 - 0.0015, 0.9 + 0.0015);
        var hot = counts.Take(100).ToArray();
        var chi = ChiSquare(hot, Enumerable.Repeat(1.0 / 100, 100).ToArray());
        Assert.True(chi < Bound(99), $"hot pages are not uniform: chi-square {chi:0}");
    }

    [Fact]
    public void Sequential_walks_every_page_in_order_and_wraps()
    {
        var order = _harness.Run(-12, "migsim.kind=sequential", "migsim.ws=5");

        Assert.Equal([0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1], order);
    }

    [Fact]
    public void Same_seed_same_choices_other_seed_other_choices()
    {
        var a = _harness.Run(-50, "migsim.kind=uniform", "migsim.ws=1000000", "migsim.seed=5");
        var b = _harness.Run(-50, "migsim.kind=uniform", "migsim.ws=1000000", "migsim.seed=5");
        var c = _harness.Run(-50, "migsim.kind=uniform", "migsim.ws=1000000", "migsim.seed=6");

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }
}
