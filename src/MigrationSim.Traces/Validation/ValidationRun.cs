using System.Text.RegularExpressions;
using MigrationSim.Analysis.Calibration;
using MigrationSim.Analysis.Validation;
using MigrationSim.Scenarios;

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
/// <param name="ProfileFileName">"profile-tcg-qemu7.2.yaml" when constants were fitted; null when a profile was used as it is.</param>
public sealed record ValidationRun(
    IReadOnlyList<MeasuredMigration> Measured,
    IReadOnlyList<(string Folder, string Reason)> Unusable,
    IReadOnlyList<MeasuredMigration> Calibration,
    Calibration Fitted,
    ValidationReport Report,
    string? ProfileFileName)
{
    /// <summary>The goals were left unjudged: some constants hold defaults, not this host's values (see <see cref="Calibration.UnfittedKeys"/>).</summary>
    public bool GoalsWithheld => Report.Goals.Count == 0 && Fitted.UnfittedKeys.Count > 0;

    /// <param name="measured">The usable traces.</param>
    /// <param name="unusable">The folders that were not, with why.</param>
    /// <param name="calibratePatterns">Comma-separated name patterns of the calibration subset; null = none.</param>
    /// <param name="profile">Host constants to use; with <paramref name="calibratePatterns"/> the fit starts from them and
    /// refits only what the subset isolates; null = QEMU defaults.</param>
    /// <param name="profileSource">Where <paramref name="profile"/> came from, for the notes.</param>
    /// <param name="judgeUnfitted">Judge the accuracy goals even when some constants are unfitted (defaults, not this host's values).</param>
    /// <exception cref="ValidationInputException">The patterns match no trace, or every trace.</exception>
    public static ValidationRun Execute(IReadOnlyList<MeasuredMigration> measured, IReadOnlyList<(string, string)> unusable,
        string? calibratePatterns, HostProfileDocument? profile, string? profileSource, bool judgeUnfitted = false, int replications = Replications.Default)
    {
        if (measured.Count == 0) throw new ValidationInputException("no trace could be validated");
        var releases = measured.Select(t => t.Input.Host.Qemu.Release).Distinct().Order().ToList();
        if (releases.Count > 1)
            throw new ValidationInputException($"the traces ran QEMU {string.Join(" and ", releases)}: validate one release at a time (each has its own host profile): name one release's folder, e.g. results/traces (7.2) or results/traces/qemu-10.0");
        var inCalibration = TracePatterns.Parse(calibratePatterns ?? "");
        var calibration = measured.Where(t => inCalibration(t.Name)).ToList();
        if (calibratePatterns is not null && calibration.Count == 0)
            throw new ValidationInputException($"--calibrate '{calibratePatterns}' matches none of the {measured.Count} traces");
        if (calibratePatterns is not null && calibration.Count == measured.Count)
            throw new ValidationInputException($"--calibrate '{calibratePatterns}' matches every trace; leave some out to judge the model on");

        var fitted = profile is not null && calibratePatterns is null
            ? new Calibration(profile.Profile, [$"host constants from {profileSource}, not fitted"], profile.Unfitted)
            : Calibrator.Fit(calibration, profile?.Profile, profile?.Unfitted);
        if (profile is not null && calibratePatterns is not null)
            fitted = fitted with { Notes = [$"starting from {profileSource}; refitted what the calibration subset isolates", .. fitted.Notes] };
        // Compressed traces need the compression's constants, which only captures with it fit.
        if (Calibrator.MissingCompressionKeys(measured, fitted.Profile) is { Count: > 0 } missing)
            fitted = fitted with
            {
                Unfitted = [.. fitted.UnfittedKeys, .. missing],
                Notes = [.. fitted.Notes, $"NOT FITTED {string.Join(", ", missing)}: traces use multifd compression and no unlimited-bandwidth capture with it was in the calibration set (add one with --calibrate)"],
            };
        var report = Validator.Validate(measured, fitted.Profile, calibration.Select(t => t.Name).ToHashSet(), unusable, replications);
        if (fitted.UnfittedKeys.Count > 0 && !judgeUnfitted)
            report = report with { Goals = [] };
        string? file = null;
        if (calibratePatterns is not null)
        {
            var first = measured[0];
            string version = Regex.Match(first.QemuVersion, @"^\d+\.\d+").Value;
            file = $"profile-{(first.Accelerator.Length > 0 ? first.Accelerator : "host")}-qemu{(version.Length > 0 ? version : "7.2")}.yaml";
        }
        return new ValidationRun(measured, unusable, calibration, fitted, report, file);
    }
}
