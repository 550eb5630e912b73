using System.Globalization;
using System.Net.Http.Headers;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;

namespace FaceAspire.Api.Infrastructure;

/// <summary>
/// Signs a form-encoded <c>POST /</c> of an AWS Query API (SNS and the like) with Signature Version 4, for services
/// whose SDK package is not available. The canonical request is built here (it has one shape: no query string, the
/// headers content-type, host, x-amz-date and, with temporary credentials, x-amz-security-token); the key derivation
/// and HMAC come from AWSSDK.Core's own signer.
/// </summary>
public static class AwsQuerySigner
{
    public const string FormContentType = "application/x-www-form-urlencoded; charset=utf-8";

    /// <summary>Builds the signed request: body, <c>X-Amz-Date</c>, <c>X-Amz-Security-Token</c> and <c>Authorization</c>.</summary>
    public static HttpRequestMessage CreatePost(
        Uri endpoint, string form, ImmutableCredentials credentials, string region, string service, DateTimeOffset now, string contentType = FormContentType)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(credentials);
        var body = System.Text.Encoding.UTF8.GetBytes(form);
        var amzDate = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["content-type"] = contentType,
            ["host"] = endpoint.Authority,
            ["x-amz-date"] = amzDate,
        };
        if (credentials.UseToken)
        {
            headers["x-amz-security-token"] = credentials.Token;
        }

        var signedHeaders = string.Join(';', headers.Keys);
        var canonicalRequest = string.Join('\n',
            "POST",
            endpoint.AbsolutePath,
            "",
            string.Concat(headers.Select(header => $"{header.Key}:{header.Value.Trim()}\n")),
            signedHeaders,
            Convert.ToHexStringLower(AWS4Signer.ComputeHash(body)));
        var signature = AWS4Signer.ComputeSignature(credentials, region, now.UtcDateTime, service, signedHeaders, canonicalRequest);

        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = content };
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
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
