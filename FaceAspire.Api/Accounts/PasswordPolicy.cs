namespace FaceAspire.Api.Accounts;

/// <summary>
/// NIST SP 800-63B style rules: a minimum length, room for long passphrases, no composition rules, and no password
/// from the common-password list.
/// </summary>
public sealed class PasswordPolicy(CommonPasswords commonPasswords)
{
    public const int MinimumLength = 8;
    public const int MaximumLength = 1024;

    /// <summary>Returns the reasons <paramref name="password"/> is refused; empty when it is acceptable.</summary>
    public IReadOnlyList<string> Check(string? password, string? email = null)
    {
        if (string.IsNullOrEmpty(password))
        {
            return ["A password is required."];
        }

        // Length counts Unicode code points (a user perceives an emoji as one character, not two UTF-16 units).
        var length = password.EnumerateRunes().Count();
        if (length < MinimumLength)
        {
            return [$"The password must have at least {MinimumLength} characters."];
        }

        if (length > MaximumLength)
        {
            return [$"The password must have at most {MaximumLength} characters."];
        }

        if (commonPasswords.Contains(password))
        {
            return ["This password is among the most commonly used passwords; choose another."];
        }

        if (email is not null && string.Equals(password.Trim(), email.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return ["The password must not be the e-mail address."];
        }

        return [];
    }
}
