using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using MigrationSim.Kernel;
using MigrationSim.Model.Migration;

namespace MigrationSim.Model.Tests;

/// <summary>
/// DESIGN.md: Kernel and Model never touch the console, files, sockets or processes, and
/// dependencies point one way. Checked on the compiled assemblies' metadata, so a use hidden
/// behind a using alias or a fully qualified name is caught too.
/// </summary>
public class ArchitectureTests
{
    private static readonly string[] ForbiddenNamespaces = ["System.IO", "System.Net", "System.Diagnostics.Process"];
    private static readonly string[] ForbiddenTypes = ["System.Console", "System.Environment", "System.Diagnostics.Process", "System.DateTime"];

    public static TheoryData<string> CoreAssemblies => new()
    {
        typeof(Simulator).Assembly.Location,
        typeof(MigrationSimulation).Assembly.Location,
    };

    [Theory]
    [MemberData(nameof(CoreAssemblies))]
    public void Core_assemblies_reference_no_IO_process_or_clock_types(string path)
    {
        var offenders = Offenders(path);
        Assert.True(offenders.Count == 0, $"{Path.GetFileName(path)} uses {string.Join(", ", offenders)}: keep I/O at the edges (Cli, Reporting, Qemu)");
    }

    [Fact]
    public void The_check_finds_IO_where_there_is_some()
    {
        // this test assembly reads files, so the scan must flag it
        Assert.Contains("System.IO.File", Offenders(typeof(ArchitectureTests).Assembly.Location));
    }

    private static List<string> Offenders(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var offenders = new List<string>();
        foreach (var h in md.TypeReferences)
        {
            var t = md.GetTypeReference(h);
            string ns = md.GetString(t.Namespace);
            string full = ns.Length == 0 ? md.GetString(t.Name) : $"{ns}.{md.GetString(t.Name)}";
            if (ForbiddenTypes.Contains(full) || ForbiddenNamespaces.Any(f => ns == f || ns.StartsWith(f + ".", StringComparison.Ordinal)))
                if (!OnlyIteratorBookkeeping(md, h, full)) offenders.Add(full);
        }
        return offenders.Distinct().ToList();
    }

    /// <summary>
    /// C# iterators (the simulation's processes) compile to code that reads
    /// Environment.CurrentManagedThreadId; that, and nothing else of System.Environment, is allowed.
    /// </summary>
    private static bool OnlyIteratorBookkeeping(MetadataReader md, TypeReferenceHandle type, string full)
    {
        if (full != "System.Environment") return false;
        var used = md.MemberReferences.Select(md.GetMemberReference).Where(m => m.Parent.Kind == HandleKind.TypeReference && (TypeReferenceHandle)m.Parent == type)
            .Select(m => md.GetString(m.Name)).Distinct().ToList();
        return used.All(n => n == "get_CurrentManagedThreadId");
    }

    [Fact]
    public void Dependencies_point_one_way()
    {
        static string[] Refs(Assembly a) => a.GetReferencedAssemblies().Select(r => r.Name!).Where(n => n.StartsWith("MigrationSim", StringComparison.Ordinal)).ToArray();
        Assert.Empty(Refs(typeof(Simulator).Assembly));
        Assert.Equal(["MigrationSim.Kernel"], Refs(typeof(MigrationSimulation).Assembly));
        // and no third-party packages in the core
        var thirdParty = typeof(MigrationSimulation).Assembly.GetReferencedAssemblies()
            .Concat(typeof(Simulator).Assembly.GetReferencedAssemblies())
            .Select(r => r.Name!)
            .Where(n => !n.StartsWith("System", StringComparison.Ordinal) && !n.StartsWith("MigrationSim", StringComparison.Ordinal) && n != "netstandard")
            .ToList();
        Assert.Empty(thirdParty);
    }
}
