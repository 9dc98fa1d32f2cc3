namespace MigrationSim.Model.Migration;

/// <summary>
/// How many query-migrate polls a run keeps. A long run is thinned: once <see cref="MaxSamples"/>
/// polls are held, every other one is dropped and the interval doubles, so the timeline stays
/// evenly spaced and bounded whatever the simulated time. Every poll still reaches
/// <see cref="MigrationProcess.Sampled"/> subscribers as it is taken (at the current interval).
/// </summary>
public sealed record TimelineOptions
{
    /// <summary>The default cap: a 10 h run at 100 ms keeps 14,400 polls, so only longer ones are thinned.</summary>
    public const int DefaultMaxSamples = 16_384;

    /// <summary>Polls held before thinning (at least 2).</summary>
    public int MaxSamples { get; init; } = DefaultMaxSamples;

    /// <summary>Never thin: every poll at the scenario's interval (its subscriber streams them; nothing is kept in memory but the last).</summary>
    public bool EveryPoll { get; init; }

    /// <summary>The default options.</summary>
    public static TimelineOptions Default { get; } = new();
}
