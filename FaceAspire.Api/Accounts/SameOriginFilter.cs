using Microsoft.Extensions.Options;

namespace FaceAspire.Api.Accounts;

/// <summary>
/// Guards the cookie routes (refresh, logout) beside SameSite=Strict: a request passes only when the browser says it
/// came from the same origin (<c>Sec-Fetch-Site: same-origin</c>) or its <c>Origin</c> is the API's own origin or one
/// listed under <c>Accounts:AllowedOrigins</c>. A request with neither header is refused too: every browser that
/// sends cookies to a POST sends at least one of them.
/// </summary>
internal sealed class SameOriginFilter(IOptions<AccountOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        IsSameOrigin(context.HttpContext.Request, options.Value.AllowedOrigins)
            ? await next(context)
            : TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Cross-origin request refused.",
                detail: "This route accepts only requests from the application's own origin.");

    internal static bool IsSameOrigin(HttpRequest request, IReadOnlyCollection<string> allowedOrigins)
    {
        if (string.Equals(request.Headers["Sec-Fetch-Site"], "same-origin", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0 || !Uri.TryCreate(origin, UriKind.Absolute, out var originUri))
        {
            return false;
        }

        var own = $"{request.Scheme}://{request.Host}";
        return SameOrigin(originUri, own) || allowedOrigins.Any(allowed => SameOrigin(originUri, allowed));
    }

    private static bool SameOrigin(Uri origin, string other) =>
        Uri.TryCreate(other, UriKind.Absolute, out var otherUri)
        && Uri.Compare(origin, otherUri, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
}
