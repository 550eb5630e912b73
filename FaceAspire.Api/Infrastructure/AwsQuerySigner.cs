using System.Net.Http.Headers;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;

namespace FaceAspire.Api.Infrastructure;

/// <summary>
/// Signs a <c>POST /</c> of an AWS Query API (SNS and the like, form-encoded) or JSON 1.1 API (Rekognition, with its
/// <c>X-Amz-Target</c>) with Signature Version 4, for services whose SDK package is not available. The canonical request
/// comes from <see cref="SigV4Canonical"/> (no query string; the headers content-type, host, x-amz-date, any extra
/// headers and, with temporary credentials, x-amz-security-token); the key derivation and HMAC come from AWSSDK.Core's
/// own signer.
/// </summary>
public static class AwsQuerySigner
{
    public const string FormContentType = "application/x-www-form-urlencoded; charset=utf-8";

    /// <summary>Builds the signed request: body, <c>X-Amz-Date</c>, <c>X-Amz-Security-Token</c> and <c>Authorization</c>.</summary>
    public static HttpRequestMessage CreatePost(
        Uri endpoint, string form, ImmutableCredentials credentials, string region, string service, DateTimeOffset now, string contentType = FormContentType,
        IReadOnlyDictionary<string, string>? extraHeaders = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(credentials);
        var body = System.Text.Encoding.UTF8.GetBytes(form);
        var amzDate = SigV4Canonical.FormatDate(now);
        var headers = new Dictionary<string, string>(extraHeaders ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase)
        {
            ["content-type"] = contentType,
            ["host"] = endpoint.Authority,
            ["x-amz-date"] = amzDate,
        };
        if (credentials.UseToken)
        {
            headers["x-amz-security-token"] = credentials.Token;
        }

        var signedHeaders = SigV4Canonical.SignedHeaders(headers.Keys);
        var canonicalRequest = SigV4Canonical.Request(
            "POST",
            endpoint.AbsolutePath,
            [],
            headers.Select(h => KeyValuePair.Create(h.Key.ToLowerInvariant(), (IReadOnlyList<string>)[h.Value])),
            Convert.ToHexStringLower(AWS4Signer.ComputeHash(body)));
        var signature = AWS4Signer.ComputeSignature(credentials, region, now.UtcDateTime, service, signedHeaders, canonicalRequest);

        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = content };
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        foreach (var (name, value) in extraHeaders ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (credentials.UseToken)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", credentials.Token);
        }

        request.Headers.TryAddWithoutValidation("Authorization", signature.ForAuthorizationHeader);
        return request;
    }

    /// <summary>Form-encodes parameters as the Query APIs read them (RFC 3986 percent-encoding).</summary>
    public static string Form(IEnumerable<KeyValuePair<string, string>> parameters) =>
        string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
}
