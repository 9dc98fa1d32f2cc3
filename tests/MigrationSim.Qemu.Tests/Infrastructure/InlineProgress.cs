namespace MigrationSim.Qemu.Tests.Infrastructure;

/// <summary>IProgress that runs the handler on the reporting thread, unlike Progress&lt;T&gt;, so tests react in order.</summary>
public sealed class InlineProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
