using System.Security.Cryptography;
using System.Text;

namespace MigrationSim.Scenarios.Sweeps;

/// <summary>
/// The fingerprint of a sweep's expansion: the first 16 hex digits of the SHA-256 of the UTF-8 of its
/// canonical text (a version line, the replications, every point's tree as YAML, every run's seed).
/// results.csv carries it and --resume and merge compare it, so a sweep must keep it from one version
/// to the next. The text is hashed as it is appended, a block at a time, instead of being kept whole
/// and copied twice (about 1.5 MB for 1,000 points of a 4 GiB guest: 7 MB of allocations that set off
/// collections while the points are built); the digest is that of the whole text, whatever the blocks.
/// </summary>
public sealed class SweepFingerprint : IDisposable
{
    private readonly StringBuilder _pending = new();
    // Stateful: a surrogate pair split between two blocks is encoded as one character, as in the whole text.
    private readonly Encoder _utf8 = Encoding.UTF8.GetEncoder();
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly int _blockChars;
    private byte[] _bytes = [];

    /// <param name="blockChars">Characters kept before they are hashed (a block); any value gives the same fingerprint.</param>
    public SweepFingerprint(int blockChars = 1 << 16)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockChars, 1);
        _blockChars = blockChars;
    }

    /// <summary>Appends <paramref name="text"/> to the canonical text.</summary>
    public SweepFingerprint Append(string text)
    {
        _pending.Append(text);
        if (_pending.Length >= _blockChars) Hash(final: false);
        return this;
    }

    /// <summary>Appends a whole number, in invariant digits.</summary>
    public SweepFingerprint Append(long value) => Append(value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Appends a whole number (a seed), in invariant digits.</summary>
    public SweepFingerprint Append(ulong value) => Append(value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The fingerprint of everything appended; the object is spent afterwards.</summary>
    public string Finish()
    {
        Hash(final: true);
        return Convert.ToHexStringLower(_sha256.GetHashAndReset())[..16];
    }

    private void Hash(bool final)
    {
        foreach (var chunk in _pending.GetChunks()) Encode(chunk.Span, flush: false);
        _pending.Clear();
        // A high surrogate left at the very end becomes U+FFFD, as it does when the whole text is encoded.
        if (final) Encode([], flush: true);
    }

    private void Encode(ReadOnlySpan<char> chars, bool flush)
    {
        int n = _utf8.GetByteCount(chars, flush);
        if (_bytes.Length < n) _bytes = new byte[Math.Max(n, 2 * _bytes.Length)];
        _sha256.AppendData(_bytes, 0, _utf8.GetBytes(chars, _bytes, flush));
    }

    /// <summary>Releases the hash.</summary>
    public void Dispose() => _sha256.Dispose();
}
