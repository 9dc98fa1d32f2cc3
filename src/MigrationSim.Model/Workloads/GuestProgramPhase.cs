namespace MigrationSim.Model.Workloads;

/// <summary>One phase the capture's guest program runs: its kind (idle, uniform or sequential), length in seconds and rate in page writes per second.</summary>
public sealed record GuestProgramPhase(string Kind, double Seconds, double RatePagesPerSecond);
