using System.Security.Claims;
using FaceAspire.ServiceDefaults.Authentication;

namespace FaceAspire.Api.Accounts;

/// <summary>Reads the identity of an authenticated request from its access-token claims.</summary>
public static class CurrentUser
{
    public static Guid Id(ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirst(AccessTokenDefaults.SubjectClaim)?.Value, out var id)
            ? id
            : throw new InvalidOperationException("The request is not authenticated.");

    public static Guid? SessionId(ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirst(AccessTokenDefaults.SessionClaim)?.Value, out var id) ? id : null;
}
