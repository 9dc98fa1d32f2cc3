namespace MigrationSim.Cli.Tests.Fuzz;

/// <summary>What a <see cref="Mutation"/> does to the bytes of the file after its YAML edit.</summary>
public enum TextDamage
{
    None,
    Utf8Bom,
    Utf16LittleEndian,
    Utf16BigEndian,
    Utf32LittleEndian,

    /// <summary>A Latin-1 byte (not valid UTF-8) inserted.</summary>
    InvalidUtf8,

    /// <summary>A NUL byte inserted.</summary>
    NulByte,

    /// <summary>Sixteen random bytes inserted.</summary>
    RandomBytes,

    /// <summary>The file cut short.</summary>
    Truncated,

    /// <summary>Windows line ends.</summary>
    CarriageReturns,

    /// <summary>Indentation by tabs (not allowed in YAML).</summary>
    Tabs,

    /// <summary>A second YAML document appended.</summary>
    SecondDocument,
}
