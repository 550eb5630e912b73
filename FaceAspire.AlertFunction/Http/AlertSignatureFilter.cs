using FaceAspire.AlertFunction.Alerts;
using FaceAspire.AlertFunction.Contracts;
using Microsoft.Extensions.Options;

namespace FaceAspire.AlertFunction.Http;

/// <summary>
/// Lets a request through only when its body is signed with the shared secret (<see cref="AlertSignature"/>), its
/// timestamp is within <see cref="AlertsApiOptions.SignatureWindowSeconds"/> of now, and its nonce has not been seen in
/// that time: a captured request cannot be sent again, and an old one not at all.
/// </summary>
internal sealed class AlertSignatureFilter(IOptions<AlertsApiOptions> options, AlertDeliveryStore store, TimeProvider time) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var settings = options.Value;
        if (string.IsNullOrEmpty(settings.ApiKey))
        {
            // Only reachable in Development: the options validator refuses to start elsewhere.
            return await next(context).ConfigureAwait(false);
        }

        var http = context.HttpContext;
        var request = http.Request;
        request.EnableBuffering();
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, http.RequestAborted).ConfigureAwait(false);
        request.Body.Position = 0;

        var window = TimeSpan.FromSeconds(settings.SignatureWindowSeconds);
        var nonce = request.Headers[AlertSignature.NonceHeader].ToString();
        var problem = AlertSignature.Problem(
            settings.ApiKey,
            request.Headers[AlertSignature.TimestampHeader].ToString(),
            nonce,
            request.Headers[AlertSignature.SignatureHeader].ToString(),
            buffer.GetBuffer().AsSpan(0, (int)buffer.Length),
            time.GetUtcNow(),
            window);
        // Remembered for twice the window: a timestamp that old is refused anyway.
        if (problem is null && !await store.RecordNonceAsync(nonce, window * 2, http.RequestAborted).ConfigureAwait(false))
        {
            problem = $"This {AlertSignature.NonceHeader} was used before: a replayed request is refused.";
        }

        if (problem is not null)
        {
            http.Response.Headers.WWWAuthenticate = $"HMAC-SHA256 header=\"{AlertSignature.SignatureHeader}\"";
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Missing or invalid signature", detail: problem);
        }

        return await next(context).ConfigureAwait(false);
    }
}
