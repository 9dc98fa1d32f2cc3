using MigrationSim.Model.Results;

namespace MigrationSim.Analysis.Validation;

/// <summary>One accuracy goal, its measured value on the held-out traces, and whether it is met.</summary>
/// <param name="Policy">The policy of the traces judged.</param>
/// <param name="Goal">The goal in words, e.g. "total time: median |error| &lt;= 1.5%".</param>
/// <param name="Measured">What the held-out traces achieved, in words.</param>
/// <param name="Met">The goal is met.</param>
/// <param name="Floor">How much the real repeats themselves vary (the best any prediction can do), if known.</param>
/// <param name="Metric">The metric the goal is about, when it is about one.</param>
public sealed record AccuracyGoal(string Policy, string Goal, string Measured, bool Met, string? Floor = null, Metric? Metric = null);
