namespace MigrationSim.Analysis.Validation;

/// <summary>One accuracy goal, its measured value on the held-out traces, and whether it is met.</summary>
public sealed record AccuracyGoal(string Policy, string Goal, string Measured, bool Met, string? Floor = null);
