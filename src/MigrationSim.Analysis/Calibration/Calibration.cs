using MigrationSim.Model.Migration;

namespace MigrationSim.Analysis.Calibration;

/// <summary>Fitted host constants, and for each one how it was estimated and from how many traces.</summary>
/// <param name="Profile">The constants, fitted or kept.</param>
/// <param name="Notes">How each was obtained, for people.</param>
/// <param name="Unfitted">Profile keys the calibration set could not fit and no given profile supplied: they hold QEMU's or the project's defaults, not this host's values.</param>
public sealed record Calibration(HostProfile Profile, IReadOnlyList<string> Notes, IReadOnlyList<string>? Unfitted = null)
{
    /// <summary>Never null.</summary>
    public IReadOnlyList<string> UnfittedKeys => Unfitted ?? [];
}
