using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace FaceAspire.Api.Accounts;

/// <summary>
/// BCrypt password hashing. BCrypt reads only the first 72 bytes of its input and stops at a NUL byte, so the
/// password is first reduced to base64(HMAC-SHA384(key = "FaceAspire.PasswordPrehash.v1", UTF-8 password)):
/// 64 ASCII characters with no NUL, covering every byte of a passphrase of any length. The HMAC key is a fixed,
/// public domain separator, not a secret; it keeps these pre-hashes distinct from plain SHA-384 hashes found in
/// leaked databases.
/// </summary>
public sealed class PasswordHasher
{
    private static readonly byte[] PrehashKey = "FaceAspire.PasswordPrehash.v1"u8.ToArray();
    private readonly int _workFactor;
    private readonly Lazy<string> _dummyHash;

    public PasswordHasher(IOptions<AccountOptions> options)
    {
        _workFactor = options.Value.BcryptWorkFactor;
        _dummyHash = new Lazy<string>(() => Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
    }

    /// <summary>The string actually given to BCrypt.</summary>
    public static string Prehash(string password) =>
        Convert.ToBase64String(HMACSHA384.HashData(PrehashKey, Encoding.UTF8.GetBytes(password)));

    public string Hash(string password) => BCrypt.Net.BCrypt.HashPassword(Prehash(password), _workFactor);

    public bool Verify(string password, string hash) => BCrypt.Net.BCrypt.Verify(Prehash(password), hash);

    /// <summary>
    /// Spends the same time as <see cref="Verify"/> and fails: used for unknown e-mails so that the response time
    /// does not reveal whether an account exists.
    /// </summary>
    public bool VerifyAgainstDummy(string password)
    {
        _ = Verify(password, _dummyHash.Value);
        return false;
    }

    /// <summary>True when the hash was made with another work factor and should be replaced on next sign-in.</summary>
    public bool NeedsRehash(string hash) => BCrypt.Net.BCrypt.PasswordNeedsRehash(hash, _workFactor);
}
