using System.Security.Cryptography;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MigrationSim.Scenarios.Sweeps;

namespace MigrationSim.Scenarios.Tests.Sweeps;

public class SweepFingerprintTests
{
    private static string WholeText(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];

    /// <summary>
    /// Hashing block by block gives the digest of the whole text, wherever the blocks end: also inside a
    /// surrogate pair, with lone surrogates (replaced as the whole text's encoding replaces them) and
    /// with text of 1 to 4 UTF-8 bytes per character.
    /// </summary>
    [Property(MaxTest = 300)]
    public Property Any_pieces_and_any_block_size_give_the_digest_of_the_whole_text()
    {
        var alphabet = Gen.Elements("a", "é", "€", "😀", "\n", " ", "\uD83D", "\uDE00", "z9");
        var piece = Gen.ListOf(alphabet).Select(l => string.Concat(l));
        var pieces = Gen.ListOf(piece).Select(l => l.ToArray());
        return Prop.ForAll(pieces.ToArbitrary(), Gen.Choose(1, 40).ToArbitrary(), (parts, block) =>
        {
            using var f = new SweepFingerprint(block);
            foreach (var p in parts) f.Append(p);
            return f.Finish() == WholeText(string.Concat(parts));
        });
    }

    [Fact]
    public void Numbers_are_appended_as_invariant_digits()
    {
        using var f = new SweepFingerprint(blockChars: 3);
        f.Append("run ").Append(12L).Append("/").Append(ulong.MaxValue).Append(" ").Append(-7L);
        Assert.Equal(WholeText($"run 12/{ulong.MaxValue} -7"), f.Finish());
        using var empty = new SweepFingerprint();
        Assert.Equal(WholeText(""), empty.Finish());
    }
}
