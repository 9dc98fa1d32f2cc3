using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;

namespace MigrationSim.Cli.Benchmarks;

/// <summary>
/// How the measured program was built: precompiled (ReadyToRun: what `dotnet tool install` and
/// `dotnet publish -r RID` give, see MigrationSim.Cli.csproj) or IL only (`dotnet build`,
/// `dotnet run`), which JIT-compiles about 1,600 methods at every start. Start-up is most of a
/// short run, so a bench table says which one it measured.
/// </summary>
public static class ProgramBuild
{
    /// <summary>True when the assembly at <paramref name="path"/> carries ReadyToRun code (a CLI header with a managed native header).</summary>
    public static bool IsReadyToRun(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        return pe.PEHeaders.CorHeader is { ManagedNativeHeaderDirectory.Size: > 0 };
    }

    /// <summary>Whether this running program is precompiled.</summary>
    public static bool ThisIsReadyToRun => IsReadyToRun(typeof(ProgramBuild).Assembly.Location);

    /// <summary>The command that builds what users install, for this machine, into <paramref name="folder"/>.</summary>
    public static string PublishCommand(string folder) =>
        $"dotnet publish src/MigrationSim.Cli -c Release -r {RuntimeInformation.RuntimeIdentifier} -o {folder}";
}
