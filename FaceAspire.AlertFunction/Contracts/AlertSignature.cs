using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FaceAspire.AlertFunction.Contracts;

/// <summary>
/// How a caller signs <c>POST /alerts</c> (docs/ALERTS.md): <c>X-FaceAspire-Signature: v1=hex(HMAC-SHA256(secret,
/// "{timestamp}.{nonce}." + body))</c>, with the Unix time in seconds in <c>X-FaceAspire-Timestamp</c> and a fresh random
/// <c>X-FaceAspire-Nonce</c> per attempt. The secret is <c>AlertFunction:ApiKey</c>, shared with the API.
/// </summary>
public static class AlertSignature
{
    public const string TimestampHeader = "X-FaceAspire-Timestamp";
    public const string NonceHeader = "X-FaceAspire-Nonce";
    public const string SignatureHeader = "X-FaceAspire-Signature";
    public const string Version = "v1=";

    /// <summary>The signature header's value for <paramref name="body"/>.</summary>
    public static string Compute(string secret, long timestamp, string nonce, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var prefix = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{timestamp}.{nonce}."));
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return Version + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    /// <summary>
    /// Why the request's signature is not acceptable at <paramref name="now"/>, or null when it is. The nonce is checked
    /// for replays separately (it must be remembered).
    /// </summary>
    public static string? Problem(string secret, string? timestamp, string? nonce, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan window)
    {
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(nonce) || string.IsNullOrEmpty(signature))
        {
            return $"Sign the request: {TimestampHeader}, {NonceHeader} and {SignatureHeader} are required.";
        }

        if (nonce.Length is < 16 or > 128 || !nonce.All(char.IsAsciiLetterOrDigit))
        {
            return $"{NonceHeader} must be 16 to 128 letters or digits.";
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            || (now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > window)
        {
            return $"{TimestampHeader} must be the current Unix time in seconds (within {window.TotalSeconds:0} s).";
        }

        var expected = Encoding.ASCII.GetBytes(Compute(secret, seconds, nonce, body));
        var given = Encoding.ASCII.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, given) ? null : $"{SignatureHeader} does not match the body.";
    }
}
