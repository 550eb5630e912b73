using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace FaceAspire.AlertFunction.Http;

/// <summary>Lets a request through only with the configured shared secret in <see cref="HeaderName"/>.</summary>
internal sealed class AlertApiKeyFilter(IOptions<AlertsApiOptions> options) : IEndpointFilter
{
    /// <summary>Request header carrying the shared secret.</summary>
    public const string HeaderName = "X-FaceAspire-Alert-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var expected = options.Value.ApiKey;
        if (string.IsNullOrEmpty(expected))
        {
            // Only reachable in Development: the options validator refuses to start elsewhere.
            return await next(context).ConfigureAwait(false);
        }

        var given = context.HttpContext.Request.Headers[HeaderName].ToString();
        if (!KeysMatch(given, expected))
        {
            context.HttpContext.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{HeaderName}\"";
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Missing or wrong API key",
                detail: $"Send the alert function's shared secret in the {HeaderName} header.");
        }

        return await next(context).ConfigureAwait(false);
    }

    // Hashing first makes the comparison constant-time even when the lengths differ.
    private static bool KeysMatch(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(given)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
