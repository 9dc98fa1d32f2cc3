using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace MigrationSim.Scenarios.Yaml;

/// <summary>A parser that hands out events recorded earlier (<see cref="YamlRecording"/>), in order; each replay has its own position.</summary>
internal sealed class YamlReplay(IReadOnlyList<ParsingEvent> events) : IParser
{
    private int _next;

    public ParsingEvent Current { get; private set; } = null!;

    public bool MoveNext()
    {
        if (_next >= events.Count) return false;
        Current = events[_next++];
        return true;
    }
}
