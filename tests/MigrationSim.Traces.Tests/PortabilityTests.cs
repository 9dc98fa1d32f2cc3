using System.Runtime.Versioning;
using MigrationSim.Traces.Format;

namespace MigrationSim.Traces.Tests;

/// <summary>Reading captures, planning them and validating against them must work on any OS: only making a capture needs Linux.</summary>
public sealed class PortabilityTests
{
    [Fact]
    public void The_traces_library_is_not_linux_only_and_does_not_use_the_qemu_adapter()
    {
        var assembly = typeof(TraceReader).Assembly;

        Assert.Empty(assembly.GetCustomAttributes(typeof(SupportedOSPlatformAttribute), false));
        Assert.DoesNotContain(assembly.GetReferencedAssemblies(), a => a.Name == "MigrationSim.Qemu");
        Assert.DoesNotContain(assembly.GetTypes(), t => t.GetCustomAttributes(typeof(SupportedOSPlatformAttribute), false).Length > 0);
    }
}
