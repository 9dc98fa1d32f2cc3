using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("MigrationSim.Kernel.Tests")]
