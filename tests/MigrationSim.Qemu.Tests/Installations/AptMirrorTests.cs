using MigrationSim.Qemu.Installations;

namespace MigrationSim.Qemu.Tests.Installations;

public sealed class AptMirrorTests : IDisposable
{
    private readonly string _etc = Directory.CreateTempSubdirectory("migsim-apt-").FullName;

    public void Dispose() => Directory.Delete(_etc, recursive: true);

    [Fact]
    public void Deb822_sources_give_the_main_archive_not_the_security_one()
    {
        Directory.CreateDirectory(Path.Combine(_etc, "sources.list.d"));
        File.WriteAllText(Path.Combine(_etc, "sources.list.d", "debian.sources"), """
            Types: deb
            URIs: http://deb.debian.org/debian-security
            Suites: bookworm-security
            Components: main

            Types: deb
            # http://snapshot.debian.org/archive/debian/20250520T000000Z
            URIs: http://mirror.example/debian/
            Suites: bookworm bookworm-updates
            Components: main
            """);
        File.WriteAllText(Path.Combine(_etc, "sources.list.d", "other.list.disabled"), "deb http://elsewhere/debian bookworm main\n");

        Assert.Equal("http://mirror.example/debian", AptMirror.Find(_etc));
    }

    [Fact]
    public void One_line_sources_with_options_are_read()
    {
        File.WriteAllText(Path.Combine(_etc, "sources.list"), """
            # a comment
            deb-src http://src.example/debian bookworm main
            deb [arch=amd64 signed-by=/k.gpg] http://ftp.example/debian bookworm main
            """);

        Assert.Equal("http://ftp.example/debian", AptMirror.Find(_etc));
    }

    [Fact]
    public void Without_a_debian_source_the_official_mirror_is_used()
    {
        File.WriteAllText(Path.Combine(_etc, "sources.list"), "deb https://packages.cloud.google.com/apt cloud-sdk-bookworm main\n");

        Assert.Equal(AptMirror.Fallback, AptMirror.Find(_etc));
    }
}
