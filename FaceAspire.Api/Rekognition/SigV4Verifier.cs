using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Amazon.Runtime.Internal.Auth;
using FaceAspire.Api.Infrastructure;

namespace FaceAspire.Api.Rekognition;

/// <summary>A request as Signature Version 4 sees it: method, path, decoded query, headers (any case) and body.</summary>
public sealed record SignedRequest(
    string Method,
    string Path,
    IReadOnlyList<KeyValuePair<string, string>> Query,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    ReadOnlyMemory<byte> Body)
{
    /// <summary>Every value of a header, in the order received (names compared without case).</summary>
    public IReadOnlyList<string> Values(string name) =>
        [.. Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value)];
}

/// <summary>The parsed <c>Authorization</c> header of a signed request.</summary>
public sealed record SigV4Credential(string AccessKeyId, string Date, string Region, string Service, IReadOnlyList<string> SignedHeaders, string Signature);

/// <summary>Why a request was not accepted, as the AWS error name and message it answers with.</summary>
public sealed record SigV4Failure(string ErrorName, string Message, int StatusCode = StatusCodes.Status400BadRequest);

/// <summary>
/// Verifies AWS Signature Version 4 in the <c>Authorization</c> header, the way AWS documents it: the credential scope
/// <c>date/region/service/aws4_request</c> (any region; the service given), the signed headers (host and x-amz-date at
/// least), the payload hash computed from the body received, and <c>X-Amz-Date</c> within 15 minutes of now. The
/// canonical request comes from <see cref="SigV4Canonical"/>, the signature from AWSSDK.Core's <see cref="AWS4Signer"/>.
/// </summary>
public static partial class SigV4Verifier
{
    public static readonly TimeSpan AllowedSkew = TimeSpan.FromMinutes(15);

    /// <summary>The answer to a request without an <c>Authorization</c> header.</summary>
    public static readonly SigV4Failure MissingToken = new("MissingAuthenticationTokenException", "Missing Authentication Token", StatusCodes.Status403Forbidden);

    /// <summary>Reads the credential from the <c>Authorization</c> header, or says why it cannot.</summary>
    public static (SigV4Credential? Credential, SigV4Failure? Failure) Parse(SignedRequest request, string service)
    {
        ArgumentNullException.ThrowIfNull(request);
        var authorization = request.Values("Authorization");
        if (authorization.Count == 0)
        {
            return (null, MissingToken);
        }

        var match = AuthorizationHeader().Match(authorization[0]);
        if (authorization.Count > 1 || !match.Success)
        {
            return (null, new SigV4Failure("IncompleteSignatureException", $"Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters of {SigV4Canonical.Algorithm}."));
        }

        var scope = match.Groups["credential"].Value.Split('/');
        if (scope.Length != 5 || scope[4] != "aws4_request" || scope[0].Length == 0)
        {
            return (null, new SigV4Failure("IncompleteSignatureException", "Credential should be scoped to a valid region, a service and 'aws4_request'."));
        }

        if (!string.Equals(scope[3], service, StringComparison.Ordinal))
        {
            return (null, new SigV4Failure("InvalidSignatureException", $"Credential should be scoped to correct service: '{service}'."));
        }

        var signedHeaders = match.Groups["headers"].Value.Split(';');
        if (!signedHeaders.Contains("host") || signedHeaders.Any(h => h != h.ToLowerInvariant()))
        {
            return (null, new SigV4Failure("InvalidSignatureException", "'Host' must be a signed header; signed header names are lower case."));
        }

        return (new SigV4Credential(scope[0], scope[1], scope[2], scope[3], signedHeaders, match.Groups["signature"].Value.ToLowerInvariant()), null);
    }

    /// <summary>Checks the signature of <paramref name="request"/> made with <paramref name="secretAccessKey"/>; null when it holds.</summary>
    public static SigV4Failure? Verify(SignedRequest request, SigV4Credential credential, string secretAccessKey, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(credential);
        var dateValue = request.Values("X-Amz-Date").FirstOrDefault();
        if (dateValue is null || !DateTime.TryParseExact(dateValue, SigV4Canonical.DateFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var signedAt))
        {
            return new SigV4Failure("IncompleteSignatureException", "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }

        if (credential.Date != dateValue[..8])
        {
            return new SigV4Failure("InvalidSignatureException", $"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{credential.Date}' != '{dateValue[..8]}'.");
        }

        var signedTime = new DateTimeOffset(signedAt, TimeSpan.Zero);
        if (signedTime < now - AllowedSkew)
        {
            return new SigV4Failure("InvalidSignatureException",
                $"Signature expired: {dateValue} is now earlier than {SigV4Canonical.FormatDate(now - AllowedSkew)} ({SigV4Canonical.FormatDate(now)} - 15 min.)");
        }

        if (signedTime > now + AllowedSkew)
        {
            return new SigV4Failure("InvalidSignatureException",
                $"Signature not yet current: {dateValue} is still later than {SigV4Canonical.FormatDate(now + AllowedSkew)} ({SigV4Canonical.FormatDate(now)} + 15 min.)");
        }

        var headers = new List<KeyValuePair<string, IReadOnlyList<string>>>();
        foreach (var name in credential.SignedHeaders)
        {
            var values = request.Values(name);
            if (values.Count == 0)
            {
                return new SigV4Failure("InvalidSignatureException", $"The request signature we calculated does not match the signature you provided: signed header '{name}' is missing.");
            }

            headers.Add(KeyValuePair.Create(name, values));
        }

        var payloadHash = Convert.ToHexStringLower(SHA256.HashData(request.Body.Span));
        var canonical = SigV4Canonical.Request(request.Method, request.Path, request.Query, headers, payloadHash);
        var expected = AWS4Signer.ComputeSignature(
            credential.AccessKeyId, secretAccessKey, credential.Region, signedAt, credential.Service,
            SigV4Canonical.SignedHeaders(credential.SignedHeaders), canonical).Signature;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(credential.Signature))
            ? null
            : new SigV4Failure("InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
    }

    [GeneratedRegex(@"^AWS4-HMAC-SHA256\s+Credential=(?<credential>[^,\s]+),\s*SignedHeaders=(?<headers>[^,\s]+),\s*Signature=(?<signature>[0-9a-fA-F]{64})\s*$")]
    private static partial Regex AuthorizationHeader();
}
