namespace MigrationSim.Qemu.Tests.Infrastructure;

/// <summary>Reads a QMP line recorded from the real QEMU (Transcripts/*.json, copied to the output folder).</summary>
public static class Transcript
{
    public static string Line(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Transcripts", name);
        Assert.True(File.Exists(path), $"transcript {path} is missing (is Transcripts/** copied to the output?)");
        return File.ReadAllText(path).Trim();
    }
}
