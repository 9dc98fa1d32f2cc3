using System.Text.RegularExpressions;
using MigrationSim.Analysis.Calibration;
using MigrationSim.Analysis.Validation;
using MigrationSim.Model.Migration;

namespace MigrationSim.Traces.Validation;

/// <summary>
/// One validation, as `migsim validate` and the accuracy guard run it: the host constants fitted
/// on the calibration subset (or taken from a profile), every usable trace simulated on them, the
/// held-out ones judged. Runs on any OS: it reads captures, it does not make them.
/// </summary>
/// <param name="Measured">Every usable trace.</param>
/// <param name="Unusable">Folders that could not be validated, with the reason.</param>
/// <param name="Calibration">The traces the constants were fitted on (not judged).</param>
/// <param name="Fitted">The host profile used, and how each constant was obtained.</param>
/// <param name="Report">Per-trace errors, statistics and goals.</param>
/// <param name="ProfileFileName">"profile-tcg-qemu7.2.yaml" when constants were fitted; null when a profile was given.</param>
public sealed record ValidationRun(
    IReadOnlyList<MeasuredMigration> Measured,
    IReadOnlyList<(string Folder, string Reason)> Unusable,
    IReadOnlyList<MeasuredMigration> Calibration,
    Calibration Fitted,
    ValidationReport Report,
    string? ProfileFileName)
{
    /// <param name="measured">The usable traces.</param>
    /// <param name="unusable">The folders that were not, with why.</param>
    /// <param name="calibratePatterns">Comma-separated name patterns of the calibration subset; null = none.</param>
    /// <param name="profile">Host constants to use (with <paramref name="calibratePatterns"/>: to start the fit from); null = QEMU defaults.</param>
    /// <param name="profileSource">Where <paramref name="profile"/> came from, for the notes.</param>
    /// <exception cref="ValidationInputException">The patterns match no trace, or every trace.</exception>
    public static ValidationRun Execute(IReadOnlyList<MeasuredMigration> measured, IReadOnlyList<(string, string)> unusable,
        string? calibratePatterns, HostProfile? profile, string? profileSource, int replications = Replications.Default)
    {
        if (measured.Count == 0) throw new ValidationInputException("no trace could be validated");
        var releases = measured.Select(t => t.Input.Host.Qemu.Release).Distinct().Order().ToList();
        if (releases.Count > 1)
            throw new ValidationInputException($"the traces ran QEMU {string.Join(" and ", releases)}: validate one release at a time (each has its own host profile)");
        var inCalibration = TracePatterns.Parse(calibratePatterns ?? "");
        var calibration = measured.Where(t => inCalibration(t.Name)).ToList();
        if (calibratePatterns is not null && calibration.Count == 0)
            throw new ValidationInputException($"--calibrate '{calibratePatterns}' matches none of the {measured.Count} traces");
        if (calibratePatterns is not null && calibration.Count == measured.Count)
            throw new ValidationInputException($"--calibrate '{calibratePatterns}' matches every trace; leave some out to judge the model on");

        var fitted = profile is not null && calibratePatterns is null
            ? new Calibration(profile, [$"host constants from {profileSource}, not fitted"])
            : Calibrator.Fit(calibration, profile);
        var report = Validator.Validate(measured, fitted.Profile, calibration.Select(t => t.Name).ToHashSet(), unusable, replications);
        string? file = null;
        if (profile is null)
        {
            var first = measured[0];
            string version = Regex.Match(first.QemuVersion, @"^\d+\.\d+").Value;
            file = $"profile-{(first.Accelerator.Length > 0 ? first.Accelerator : "host")}-qemu{(version.Length > 0 ? version : "7.2")}.yaml";
        }
        return new ValidationRun(measured, unusable, calibration, fitted, report, file);
    }
}
