namespace MigrationSim.Scenarios.Limits;

/// <summary>
/// A value quoted in a message, cut to a readable length: a multi-megabyte value typed by
/// mistake must not be echoed whole to the terminal.
/// </summary>
public static class Excerpt
{
    /// <summary>Characters of a value shown before it is cut.</summary>
    public const int MaxChars = 60;

    /// <summary><paramref name="text"/> as a message shows it: cut after <paramref name="maxChars"/> characters (null reads as empty).</summary>
    public static string Of(string? text, int maxChars = MaxChars)
    {
        text ??= "";
        // One line: a value with line breaks would break the file:line:col layout of the message.
        string flat = (text.Length > maxChars ? text[..maxChars] : text).ReplaceLineEndings(" ");
        return text.Length > maxChars ? $"{flat}... ({text.Length} characters)" : flat;
    }
}
