using MigrationSim.Kernel;

namespace MigrationSim.Model.Policies;

/// <summary>
/// The scenario's <c>migration:</c> keys as a policy reads them, with units parsed as scenario
/// files write them ("30s", "64MiB", "100MiB/s"). Every read returns null when the key is absent;
/// a malformed value, or one outside the range given, fails with the file, line and key.
/// </summary>
public interface IPolicySettings
{
    /// <summary>The key is present with a value (and counts as known).</summary>
    bool Has(string key);

    /// <summary>A duration ("300ms", "1.5s").</summary>
    SimTime? Duration(string key);

    /// <summary>A whole number in [min, max].</summary>
    long? Integer(string key, long min, long max);

    /// <summary>A number in [min, max].</summary>
    double? Number(string key, double min, double max);

    /// <summary>true/false (also yes/no, on/off).</summary>
    bool? Flag(string key);

    /// <summary>A size in bytes ("64MiB").</summary>
    long? Bytes(string key);

    /// <summary>A rate in bytes per second ("100MiB/s", "1Gbit/s"; "unlimited" is +infinity).</summary>
    double? Rate(string key);

    /// <summary>One of <paramref name="allowed"/>.</summary>
    string? Choice(string key, params string[] allowed);

    /// <summary>A nested mapping's keys, or null when absent.</summary>
    IPolicySettings? Section(string key);

    /// <summary>An error located at <paramref name="key"/> (or the section when null), to throw when a value is invalid in combination.</summary>
    Exception Error(string? key, string problem);
}
