// The code under test is Linux-only (Unix sockets, /proc, QEMU).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
