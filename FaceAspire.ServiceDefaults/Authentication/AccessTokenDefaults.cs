using Microsoft.IdentityModel.Tokens;

namespace FaceAspire.ServiceDefaults.Authentication;

/// <summary>Names shared by the token issuer and every validator.</summary>
public static class AccessTokenDefaults
{
    /// <summary>
    /// The JOSE <c>typ</c> header of an access token (RFC 9068). Validators accept only this type, so an ID token,
    /// a refresh token or any other JWT signed with the same key is never taken for an access token.
    /// </summary>
    public const string TokenType = "at+jwt";

    /// <summary>The only signing algorithm issued and accepted.</summary>
    public const string Algorithm = SecurityAlgorithms.HmacSha256;

    /// <summary>Claim carrying the user id.</summary>
    public const string SubjectClaim = "sub";

    /// <summary>Claim carrying each role of the user.</summary>
    public const string RoleClaim = "role";

    /// <summary>Claim carrying the e-mail address.</summary>
    public const string EmailClaim = "email";

    /// <summary>Claim carrying the session (refresh-token family) the token was issued for.</summary>
    public const string SessionClaim = "sid";
}
