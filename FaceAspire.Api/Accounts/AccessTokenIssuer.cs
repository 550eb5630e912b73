using System.Security.Claims;
using FaceAspire.ServiceDefaults.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FaceAspire.Api.Accounts;

/// <summary>An issued access token and its lifetime in seconds.</summary>
public sealed record IssuedAccessToken(string Token, int ExpiresIn);

/// <summary>Issues short-lived HS256 access tokens of type <c>at+jwt</c>, validated by <see cref="FaceAspireJwtBearerExtensions"/>.</summary>
public sealed class AccessTokenIssuer(IOptions<JwtOptions> options, JwtSigningKeyProvider keys, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new();

    public IssuedAccessToken Issue(User user, Guid sessionId)
    {
        var settings = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var claims = new List<Claim>
        {
            new(AccessTokenDefaults.SubjectClaim, user.Id.ToString()),
            new(AccessTokenDefaults.EmailClaim, user.Email),
            new(AccessTokenDefaults.SessionClaim, sessionId.ToString()),
            new(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
        };
        claims.AddRange(user.Roles.Select(role => new Claim(AccessTokenDefaults.RoleClaim, role)));

        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims),
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + settings.AccessTokenLifetime,
            TokenType = AccessTokenDefaults.TokenType,
            SigningCredentials = new SigningCredentials(keys.Key, AccessTokenDefaults.Algorithm),
        });
        return new IssuedAccessToken(token, (int)settings.AccessTokenLifetime.TotalSeconds);
    }
}
