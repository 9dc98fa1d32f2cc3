namespace MigrationSim.Qemu.Guest;

/// <summary>Where built guest images and downloaded kernels are kept between runs.</summary>
public static class CacheDirectory
{
    /// <summary>$XDG_CACHE_HOME/migsim, else ~/.cache/migsim.</summary>
    public static string Default
    {
        get
        {
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            var root = !string.IsNullOrEmpty(xdg)
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return Path.Combine(root, "migsim");
        }
    }

    /// <summary>Writes through a temporary sibling and renames, so concurrent builders never see half a file.</summary>
    internal static void WriteAtomically(string path, ReadOnlySpan<byte> content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllBytes(temp, content.ToArray());
        File.Move(temp, path, overwrite: true);
    }
}
