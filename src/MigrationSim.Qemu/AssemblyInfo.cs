// QEMU capture needs Unix sockets, /proc, userfaultfd and Debian's apt: it is Linux-only by nature.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("MigrationSim.Qemu.Tests")]
