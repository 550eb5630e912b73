using System.Globalization;
using System.Text;

namespace FaceAspire.Api.Infrastructure;

/// <summary>
/// The parts of AWS Signature Version 4 that AWSSDK.Core does not expose for an arbitrary request: the canonical request
/// (method, URI, query, headers, signed headers, payload hash) and the <c>X-Amz-Date</c> format. Signing
/// (<see cref="AwsQuerySigner"/>, the Rekognition client) and verifying (the Rekognition endpoint) both build the canonical
/// request here, and both derive keys and signatures with AWSSDK.Core's <c>AWS4Signer</c>.
/// </summary>
public static class SigV4Canonical
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>The basic ISO 8601 format of <c>X-Amz-Date</c>, e.g. <c>20150830T123600Z</c>.</summary>
    public const string DateFormat = "yyyyMMdd'T'HHmmss'Z'";

    public static string FormatDate(DateTimeOffset time) => time.UtcDateTime.ToString(DateFormat, CultureInfo.InvariantCulture);

    /// <summary>
    /// The canonical request. <paramref name="headers"/> are the signed headers' lower-case names and their values (several
    /// values of one header in the order received); <paramref name="query"/> the decoded query parameters.
    /// </summary>
    public static string Request(
        string method,
        string path,
        IEnumerable<KeyValuePair<string, string>> query,
        IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> headers,
        string payloadHash)
    {
        var sorted = headers.OrderBy(h => h.Key, StringComparer.Ordinal).ToList();
        var canonical = new StringBuilder()
            .Append(method).Append('\n')
            .Append(CanonicalPath(path)).Append('\n')
            .Append(CanonicalQuery(query)).Append('\n');
        foreach (var (name, values) in sorted)
        {
            canonical.Append(name).Append(':').AppendJoin(',', values.Select(HeaderValue)).Append('\n');
        }

        return canonical.Append('\n')
            .Append(SignedHeaders(sorted.Select(h => h.Key)))
            .Append('\n')
            .Append(payloadHash)
            .ToString();
    }

    /// <summary>The <c>SignedHeaders</c> list: lower-case names, sorted, joined by <c>;</c>.</summary>
    public static string SignedHeaders(IEnumerable<string> names) =>
        string.Join(';', names.Select(n => n.ToLowerInvariant()).Order(StringComparer.Ordinal));

    /// <summary>A header value as signed: trimmed, runs of spaces collapsed to one.</summary>
    public static string HeaderValue(string value)
    {
        var trimmed = value.Trim();
        var builder = new StringBuilder(trimmed.Length);
        foreach (var c in trimmed)
        {
            if (c != ' ' || builder.Length == 0 || builder[^1] != ' ')
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>Each path segment URI-encoded (RFC 3986 unreserved characters kept); the empty path is <c>/</c>.</summary>
    public static string CanonicalPath(string path) =>
        string.IsNullOrEmpty(path) ? "/" : string.Join('/', path.Split('/').Select(Uri.EscapeDataString));

    /// <summary>Parameters URI-encoded, sorted by name then value, as <c>name=value</c> joined by <c>&amp;</c>.</summary>
    public static string CanonicalQuery(IEnumerable<KeyValuePair<string, string>> query) => string.Join('&', query
        .Select(p => (Name: Uri.EscapeDataString(p.Key), Value: Uri.EscapeDataString(p.Value)))
        .OrderBy(p => p.Name, StringComparer.Ordinal)
        .ThenBy(p => p.Value, StringComparer.Ordinal)
        .Select(p => $"{p.Name}={p.Value}"));
}
