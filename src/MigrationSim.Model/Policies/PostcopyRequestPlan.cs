namespace MigrationSim.Model.Policies;

/// <summary>
/// What the source does when a postcopy page request arrives, after sending the requested page
/// ahead of the background pass.
/// </summary>
/// <param name="ResumeScanAt">Page the background scan continues from (QEMU: right after the requested page).</param>
/// <param name="Prepage">Missing pages after the requested one sent with it on the urgent path (QEMU 7.2: none).</param>
public readonly record struct PostcopyRequestPlan(long ResumeScanAt, int Prepage);
