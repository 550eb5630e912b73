namespace FaceAspire.Api.Accounts;

/// <summary>
/// The refresh token cookie: HttpOnly (no script can read it), Secure, SameSite=Strict (never sent cross-site) and
/// scoped to <c>/api/auth</c>, the only routes that need it (refresh, logout, change-password).
/// </summary>
public static class RefreshCookie
{
    public const string Name = "faceaspire_refresh";
    public const string Path = "/api/auth";

    public static string? Read(HttpRequest request) => request.Cookies[Name];

    public static void Write(HttpResponse response, IssuedRefreshToken token) =>
        response.Cookies.Append(Name, token.Token, Options(token.ExpiresAt));

    public static void Clear(HttpResponse response) =>
        response.Cookies.Delete(Name, Options(expires: null));

    private static CookieOptions Options(DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        Secure = true,
        SameSite = SameSiteMode.Strict,
        Path = Path,
        Expires = expires,
        IsEssential = true,
    };
}
