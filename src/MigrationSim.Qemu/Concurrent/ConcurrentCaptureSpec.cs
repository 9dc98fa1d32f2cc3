namespace MigrationSim.Qemu.Concurrent;

/// <summary>Several real migrations at once through a bottleneck made on this machine.</summary>
public sealed record ConcurrentCaptureSpec
{
    /// <summary>Folder in which the capture's own folder is created.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>The capture's folder name; it holds one capture folder per migration and fleet.json. Must not exist yet.</summary>
    public required string Name { get; init; }

    /// <summary>The migrations, 1 to 8 (on 2 cores under TCG keep it to 2-4 small guests).</summary>
    public required IReadOnlyList<ConcurrentMigration> Migrations { get; init; }

    public required ConcurrentTopology Topology { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first problem.</summary>
    public void Validate()
    {
        if (Migrations.Count is < 1 or > 8)
            throw new ArgumentException($"ConcurrentCaptureSpec: 1 to 8 migrations, got {Migrations.Count}");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in Migrations)
        {
            if (m.Name.Length == 0 || m.Name.Contains('/') || m.Name.StartsWith('.') || m.Name == "fleet.json" || !names.Add(m.Name))
                throw new ArgumentException($"ConcurrentCaptureSpec: migration name '{m.Name}' is empty, not a plain folder name, or used twice");
            if (m.StartOffset < TimeSpan.Zero)
                throw new ArgumentException($"ConcurrentCaptureSpec: migration {m.Name} starts at a negative offset");
            if (Topology is HostLinksTopology links)
            {
                var hosts = links.Hosts.Select(h => h.Name).ToHashSet(StringComparer.Ordinal);
                if (m.SourceHost is null || m.DestinationHost is null || !hosts.Contains(m.SourceHost) || !hosts.Contains(m.DestinationHost))
                    throw new ArgumentException($"ConcurrentCaptureSpec: migration {m.Name} needs source and destination hosts among {string.Join(", ", hosts)}");
                if (m.SourceHost == m.DestinationHost)
                    throw new ArgumentException($"ConcurrentCaptureSpec: migration {m.Name} goes from {m.SourceHost} to itself, which crosses no link");
            }
            m.Spec.Validate();
        }
        if (Topology is HostLinksTopology { Hosts: var list } && list.Select(h => h.Name).Distinct(StringComparer.Ordinal).Count() != list.Count)
            throw new ArgumentException("ConcurrentCaptureSpec: host names must be unique");
    }
}
