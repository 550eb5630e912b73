using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace FaceAspire.Api.Accounts;

/// <summary>
/// Remembers a browser that signed in to an account before (OWASP's "device cookie"): HttpOnly, Secure,
/// SameSite=Strict, scoped to <c>/api/auth</c>, its value the account's e-mail hash and the time it was issued,
/// protected by ASP.NET Core Data Protection so it cannot be forged or moved to another account. A sign-in from a
/// recognised browser skips the account-wide delay (<see cref="SignInThrottle"/>), so a flood of wrong passwords from
/// elsewhere slows the attacker and new browsers, never the owner's own; the owner's own failures still count.
/// </summary>
public sealed class DeviceCookie(IDataProtectionProvider protection, TimeProvider time)
{
    public const string Name = "faceaspire_device";

    /// <summary>How long a browser stays recognised after its last sign-in.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(180);

    private readonly ITimeLimitedDataProtector _protector =
        protection.CreateProtector("FaceAspire.Accounts.DeviceCookie.v1").ToTimeLimitedDataProtector();

    /// <summary>True when the request carries this browser's valid device cookie for <paramref name="normalizedEmail"/>.</summary>
    public bool Recognises(HttpRequest request, string normalizedEmail)
    {
        if (request.Cookies[Name] is not { Length: > 0 } value)
        {
            return false;
        }

        try
        {
            var payload = _protector.Unprotect(value, out var expires);
            return expires > time.GetUtcNow() && CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(payload), Encoding.ASCII.GetBytes(AccountHash(normalizedEmail)));
        }
        catch (CryptographicException)
        {
            // Forged, from an unknown key ring, or expired: an unknown browser.
            return false;
        }
    }

    /// <summary>Recognises this browser for <paramref name="normalizedEmail"/> from now on.</summary>
    public void Write(HttpResponse response, string normalizedEmail)
    {
        var expires = time.GetUtcNow() + Lifetime;
        response.Cookies.Append(Name, _protector.Protect(AccountHash(normalizedEmail), expires), new CookieOptions
        {
            HttpOnly = true,
            Secure = true,
            SameSite = SameSiteMode.Strict,
            Path = RefreshCookie.Path,
            Expires = expires,
            IsEssential = true,
        });
    }

    private static string AccountHash(string normalizedEmail) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("device:" + normalizedEmail)));
}
