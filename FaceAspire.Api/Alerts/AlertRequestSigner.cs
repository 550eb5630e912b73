using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace FaceAspire.Api.Alerts;

/// <summary>
/// Signs each attempt of <c>POST /alerts</c> as the alert function requires (docs/ALERTS.md): HMAC-SHA256 with the shared
/// secret over <c>"{timestamp}.{nonce}." + body</c>. It sits inside the resilience handler, so a retried attempt gets a
/// fresh timestamp and nonce and is not taken for a replay.
/// </summary>
public sealed class AlertRequestSigner(IOptions<AlertOptions> options, TimeProvider time) : DelegatingHandler
{
    public const string TimestampHeader = "X-FaceAspire-Timestamp";
    public const string NonceHeader = "X-FaceAspire-Nonce";
    public const string SignatureHeader = "X-FaceAspire-Signature";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var secret = options.Value.ApiKey;
        if (string.IsNullOrWhiteSpace(secret))
        {
            throw new AlertDeliveryException("No alert function key is configured (AlertFunction:ApiKey or Alerts:ApiKey).");
        }

        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var signed = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{timestamp}.{nonce}.")).Concat(body).ToArray();
        var signature = "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));

        foreach (var (name, value) in new[] { (TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture)), (NonceHeader, nonce), (SignatureHeader, signature) })
        {
            request.Headers.Remove(name);
            request.Headers.Add(name, value);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
