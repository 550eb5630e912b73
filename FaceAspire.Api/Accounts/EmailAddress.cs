using System.Net.Mail;

namespace FaceAspire.Api.Accounts;

/// <summary>E-mail normalisation: one account per address whatever its case or surrounding spaces.</summary>
public static class EmailAddress
{
    public const int MaximumLength = 320;

    public static string Normalize(string? email) => (email ?? string.Empty).Trim().ToLowerInvariant();

    /// <summary>True for a plain <c>local@domain</c> address (no display name, no spaces).</summary>
    public static bool IsValid(string normalized) =>
        normalized.Length is > 2 and <= MaximumLength
        && !normalized.Any(char.IsWhiteSpace)
        && MailAddress.TryCreate(normalized, out var parsed)
        && parsed.Address == normalized
        && parsed.Host.Length > 0;
}
