namespace MigrationSim.Qemu.Guest;

/// <summary>A bootable diskless guest: a kernel and an initramfs whose /init is the workload program.</summary>
/// <param name="KernelPath">bzImage for -kernel.</param>
/// <param name="InitramfsPath">Uncompressed newc cpio for -initrd.</param>
/// <param name="KernelDescription">Where the kernel came from, e.g. the Debian package name, or the user's path.</param>
/// <param name="InitramfsCacheKey">Hash of the workload source and gcc version the initramfs was built from.</param>
public sealed record GuestImage(string KernelPath, string InitramfsPath, string KernelDescription, string InitramfsCacheKey);
