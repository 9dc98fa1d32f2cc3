using MigrationSim.Model.Migration;
using MigrationSim.Qemu.Capture;
using MigrationSim.Traces.Format;

namespace MigrationSim.Qemu.Tests;

/// <summary>
/// The QEMU adapter runs captures; what a capture is made of (the model's records, the trace
/// format, the capture plan) lives in the libraries. A type here named like one there is a
/// second shape of the same figures (MigrationSample, MigrationParameters, WorkloadPhase were).
/// </summary>
public sealed class AdapterTypeNameTests
{
    [Fact]
    public void No_adapter_type_shares_its_name_with_a_library_type()
    {
        var libraries = new[] { typeof(MigrationProcess).Assembly, typeof(CaptureSummary).Assembly, typeof(Analysis.Validation.Validator).Assembly, typeof(Scenarios.Scenario).Assembly };
        var names = libraries.SelectMany(a => a.GetTypes()).Where(t => t.IsPublic).Select(t => t.Name).ToHashSet();

        var clashes = typeof(QemuMigrationRunner).Assembly.GetTypes().Where(t => t.IsPublic && names.Contains(t.Name)).Select(t => t.FullName).ToList();

        Assert.True(clashes.Count == 0, $"adapter types named like library types: {string.Join(", ", clashes)}");
    }
}
