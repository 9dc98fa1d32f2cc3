namespace MigrationSim.Traces.Validation;

/// <summary>The traces and options given to a validation cannot make one (a pattern matches nothing, or everything); the message says which.</summary>
public sealed class ValidationInputException(string message) : Exception(message);
