using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace MigrationSim.Cli.Tests.Fuzz;

/// <summary>FsCheck generators of hostile edits to the shipped scenarios and sweeps.</summary>
internal static class MutationGenerators
{
    public static readonly string[] Scenarios = [.. ShippedFiles("")];

    public static readonly string[] Sweeps = [.. ShippedFiles("sweeps")];

    private static IEnumerable<string> ShippedFiles(string folder) =>
        Directory.GetFiles(Path.Combine(RepoPaths.Scenarios, folder), "*.yaml")
            .Select(f => Path.GetRelativePath(RepoPaths.Scenarios, f)).Order(StringComparer.Ordinal);

    private static readonly string[] Numbers =
    [
        "0", "-1", "-0", "1", "0.5", "1.5", "3", "100000", "1e999", "-1e999", "1e-300", "NaN", ".nan", ".inf", "-.inf",
        "9223372036854775807", "9223372036854775808", "18446744073709551615", "18446744073709551616", "99999999999999999999999999",
        "0x10", "1_000", "+5", "1e18", "4294967296", "2147483648",
    ];

    private static readonly string[] Units =
    [
        "", "B", "KiB", "GiB", "TiB", "EiB", "TB", "ns", "us", "ms", "s", "min", "h", "B/s", "MiB/s", "Gbit/s", "Tbps",
        "pages/s", "k pages/s", "M pages/s", "%", "xyz", " GiB",
    ];

    private static readonly string[] Words =
    [
        "", "~", "null", "true", "false", "yes", "unlimited", "precopy", "postcopy", "hybrid", "online", "offline", "live",
        "async", "sync", "clock", "cpu", "phased", "idle", "uniform", "zipf", "sequential", "hotspot", "log", "linear",
        "précopy", "/dev/zero", "/", ".", "..", "../../x", "/etc/passwd", "x/y", "'quoted'", "\"dq\"", "a: b", "- x", "#", "&", "*", "|", ">",
    ];

    private static readonly string[] Structures =
    [
        "[]", "{}", "[1, 2]", "{ a: 1 }", "[[1]]", "{ kind: idle }", "[{ kind: idle, duration: 1s }]", "&r [*r]", "*nope", "&a x",
        "!!binary eA==", "!foo 1", "!!str 5", "!!int 3", "!!float 1.5", "!!map {}", "!!seq []", "!!null ~", "? [a]\n  : b",
    ];

    private static readonly Gen<string> Nested =
        from depth in Gen.Elements(2, 10, 63, 64, 65, 300, 100_000)
        from mapping in Gen.Elements(false, true)
        select mapping ? string.Concat(Enumerable.Repeat("{a: ", depth)) + "1" + new string('}', depth)
                       : new string('[', depth) + new string(']', depth);

    // "Billion laughs" in one flow sequence: each level repeats the one before it ten times.
    private static readonly Gen<string> Laughs =
        from levels in Gen.Choose(2, 9)
        select "[&l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol], " +
               string.Join(", ", Enumerable.Range(1, levels).Select(i => $"&l{i} [{string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 10))}]")) + "]";

    private static readonly Gen<string> Long =
        from n in Gen.Elements(1_000, 100_000, 2_000_000)
        from c in Gen.Elements('x', '9', ' ')
        select "a" + new string(c, n);

    public static readonly Gen<string> Payload = Gen.Frequency(
        (6, from n in Gen.Elements(Numbers) from u in Gen.Elements(Units) select n + u),
        (3, Gen.Elements(Words)),
        (3, Gen.Elements(Structures)),
        (1, Nested),
        (1, Laughs),
        (1, Long));

    private static readonly Gen<string> KeyName = Gen.Frequency(
        (4, Gen.Elements("memroy", "memory", "guest", "kind", "rate", "bandwidth", "name", "seed", "duration", "phases", "axes", "values",
            "range", "steps", "replications", "base", "zip", "set", "key", "max-time", "sample-interval", "simulation", "host", "latency")),
        (1, Gen.Elements("", "a.b", "x", "[1]", "Guest", "gues", "working_set", "image-footprint", "socket-buffer")),
        (1, Long));

    private static readonly Gen<byte[]> Garbage =
        from n in Gen.Choose(0, 4096)
        from bytes in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n)
        select bytes;

    /// <summary>Whole-file payloads: garbage (as Latin-1 text, which keeps every byte), empty, huge or deeply nested files.</summary>
    private static readonly Gen<string> WholeFile = Gen.Frequency(
        (3, Garbage.Select(b => Encoding.Latin1.GetString(b))),
        (1, Gen.Elements("", "\n", "---", "~", "[]", "- 1", "guest", "guest: [", "{")),
        (1, Nested),
        (1, Laughs),
        (1, Long));

    public static Gen<Mutation> For(string[] files) =>
        from file in Gen.Elements(files)
        from kind in Gen.Frequency((2, Gen.Constant(MutationKind.RemoveKey)), (2, Gen.Constant(MutationKind.RenameKey)),
                                   (2, Gen.Constant(MutationKind.AddKey)), (6, Gen.Constant(MutationKind.SetValue)), (1, Gen.Constant(MutationKind.ReplaceFile)))
        from target in Gen.Choose(0, 200)
        from key in KeyName
        from payload in kind == MutationKind.ReplaceFile ? WholeFile : Payload
        from damage in Gen.Frequency((8, Gen.Constant(TextDamage.None)), (2, Gen.Elements(Enum.GetValues<TextDamage>())))
        from seed in Gen.Choose(0, int.MaxValue)
        select new Mutation(file, kind, target, key, payload, damage, seed);

    /// <summary>Edits that crash a process rather than throw (stack overflow, exhausted memory): for real-process runs.</summary>
    public static Gen<Mutation> ProcessKillers(string[] files) =>
        from file in Gen.Elements(files)
        from kind in Gen.Elements(MutationKind.SetValue, MutationKind.ReplaceFile)
        from target in Gen.Choose(0, 200)
        from payload in Gen.OneOf(Nested, Laughs, Long, Gen.Elements("&r [*r]", "[&r {a: *r}]"))
        from damage in Gen.Elements(TextDamage.None, TextDamage.Utf16LittleEndian, TextDamage.RandomBytes)
        from seed in Gen.Choose(0, int.MaxValue)
        select new Mutation(file, kind, target, "", payload, damage, seed);
}
