using System.Reflection;
using System.Runtime.Loader;
using MigrationSim.Model.Policies;

namespace MigrationSim.Scenarios.Plugins;

/// <summary>
/// Policies from compiled assemblies (the CLI's <c>--plugin PATH.dll</c>): every public,
/// non-abstract <see cref="PolicyDefinition"/> type of the assembly is created with its
/// parameterless constructor and registered next to QEMU's policies, so that
/// <c>migration.policy: NAME</c> resolves to it. A plug-in is built against this library, e.g.
/// <c>dotnet build examples/nova-downtime-steps.cs -o DIR</c> gives <c>DIR/nova-downtime-steps.dll</c>.
/// <para>Each assembly gets its own load context: the host's assemblies (MigrationSim.*, YamlDotNet,
/// the framework) are shared, so the plug-in's definitions are the host's
/// <see cref="PolicyDefinition"/>, and anything else it needs is loaded from its own folder.</para>
/// <para>Nothing is registered from a set with a problem: a missing or unloadable file, an
/// assembly without definitions, a definition that cannot be created, or a name that clashes with
/// a built-in policy or with another plug-in's all throw <see cref="PluginException"/>.</para>
/// </summary>
public static class PolicyPlugins
{
    /// <summary>QEMU's built-in policies plus every definition in <paramref name="assemblyPaths"/> (none: the built-in ones only).</summary>
    public static PolicyRegistry Load(IEnumerable<string> assemblyPaths)
    {
        ArgumentNullException.ThrowIfNull(assemblyPaths);
        var registry = PolicyRegistry.CreateBuiltIn();
        var origin = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string path in assemblyPaths)
        {
            foreach (var definition in Definitions(path))
            {
                string name = definition.Name;
                if (origin.TryGetValue(name, out string? first))
                    throw new PluginException(path, $"policy '{name}' ({definition.GetType().FullName}) is already defined by {first}; each policy name must be defined once");
                if (PolicyRegistry.BuiltIn.TryGet(name, out _))
                    throw new PluginException(path, $"policy '{name}' ({definition.GetType().FullName}) has the name of a built-in policy; built-in names ({string.Join(", ", PolicyRegistry.BuiltIn.Names)}) cannot be replaced, so give it another Name");
                try { registry.Register(definition); }
                catch (ArgumentException e) { throw new PluginException(path, $"{definition.GetType().FullName}: {e.Message}"); }
                origin[name] = path;
            }
        }
        return registry;
    }

    /// <summary>The policy definitions of one assembly, created and ready to register.</summary>
    public static IReadOnlyList<PolicyDefinition> Definitions(string assemblyPath)
    {
        ArgumentNullException.ThrowIfNull(assemblyPath);
        string full = Path.GetFullPath(assemblyPath);
        if (!File.Exists(full))
            throw new PluginException(assemblyPath, Directory.Exists(full)
                ? "is a folder; name the plug-in's .dll in it"
                : "no such file; build the plug-in first, e.g. dotnet build examples/nova-downtime-steps.cs -o DIR, and pass DIR/nova-downtime-steps.dll");

        Type[] types;
        try
        {
            string name = AssemblyName.GetAssemblyName(full).Name ?? "";
            // An assembly the host already has (e.g. MigrationSim.Model.dll itself) is the host's: a second copy's types would not be the host's types.
            var assembly = AssemblyLoadContext.Default.Assemblies.FirstOrDefault(a => a.GetName().Name == name) ?? LoadIsolated(full);
            types = assembly.GetExportedTypes();
        }
        catch (BadImageFormatException)
        {
            throw new PluginException(assemblyPath, "is not a .NET assembly");
        }
        catch (Exception e) when (e is FileLoadException or FileNotFoundException or ReflectionTypeLoadException or TypeLoadException or IOException)
        {
            throw new PluginException(assemblyPath, $"cannot be loaded: {e.Message} (was it built against this version of MigrationSim?)");
        }

        var found = types
            .Where(t => t.IsClass && !t.IsAbstract && typeof(PolicyDefinition).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToList();
        if (found.Count == 0)
            throw new PluginException(assemblyPath, $"defines no public, non-abstract {nameof(PolicyDefinition)} type ({types.Length} public types in {Path.GetFileName(full)})");
        var definitions = new List<PolicyDefinition>(found.Count);
        foreach (var t in found)
        {
            if (t.GetConstructor(Type.EmptyTypes) is null)
                throw new PluginException(assemblyPath, $"{t.FullName} has no public parameterless constructor, so it cannot be created");
            try { definitions.Add((PolicyDefinition)Activator.CreateInstance(t)!); }
            catch (TargetInvocationException e)
            {
                throw new PluginException(assemblyPath, $"{t.FullName}'s constructor failed: {e.InnerException?.Message ?? e.Message}");
            }
        }
        return definitions;
    }

    private static Assembly LoadIsolated(string path)
    {
        var context = new AssemblyLoadContext($"migsim plug-in {path}");
        var resolver = new AssemblyDependencyResolver(path);
        // Asked only for what the host does not have (the host's assemblies win): the plug-in's own dependencies.
        context.Resolving += (ctx, name) => resolver.ResolveAssemblyToPath(name) is { } p ? ctx.LoadFromAssemblyPath(p) : null;
        return context.LoadFromAssemblyPath(path);
    }
}
