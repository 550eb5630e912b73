using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FaceAspire.Api.Tests.Support;

/// <summary>A message the stand-in accepted: the topic, the message and its string attributes.</summary>
public sealed record PublishedMessage(string TopicArn, string Message, IReadOnlyDictionary<string, string> Attributes);

/// <summary>
/// A local stand-in for SNS's Query API that serves <c>Publish</c> as SNS does: it verifies the Signature Version 4
/// signature itself (its own implementation, checked against AWS's published test vector, not the client's), the
/// credential scope, the clock skew, the topic and the parameters, and answers with SNS's XML. It can be told to
/// refuse the next requests with an SNS error.
/// </summary>
public sealed class FakeSnsServer : IAsyncDisposable
{
    public const string AccessKey = "AKIDFACEASPIRETEST";
    public const string SecretKey = "fake-sns-secret-key/0123456789";
    public const string Region = "us-east-1";
    public const string TopicArn = "arn:aws:sns:us-east-1:000000000000:faceaspire-alerts";

    private readonly WebApplication _app;
    private (int Status, string Code, int Count) _refusal;

    private FakeSnsServer(WebApplication app) => _app = app;

    public ConcurrentQueue<PublishedMessage> Messages { get; } = new();

    /// <summary>Requests refused: bad signature, unknown topic, or on purpose.</summary>
    public ConcurrentQueue<string> Rejections { get; } = new();

    public string ServiceUrl { get; private set; } = string.Empty;

    public static async Task<FakeSnsServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeSnsServer(app);
        app.MapPost("/", (Delegate)server.HandleAsync);
        await app.StartAsync();
        server.ServiceUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return server;
    }

    /// <summary>The next <paramref name="count"/> valid requests are answered with SNS error <paramref name="code"/>.</summary>
    public void RefuseNext(int count, int status = 403, string code = "AuthorizationError") => _refusal = (status, code, count);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    /// <summary>
    /// The SigV4 signature of a request, computed from scratch: canonical request, string to sign, HMAC-SHA256 key chain.
    /// </summary>
    public static string Signature(
        string secretKey, string method, string path, IReadOnlyList<(string Name, string Value)> signedHeaders, byte[] body, string amzDate, string region, string service)
    {
        var canonicalHeaders = string.Concat(signedHeaders.Select(h => $"{h.Name}:{h.Value.Trim()}\n"));
        var canonicalRequest = $"{method}\n{path}\n\n{canonicalHeaders}\n{string.Join(';', signedHeaders.Select(h => h.Name))}\n{Hex(SHA256.HashData(body))}";
        var scope = $"{amzDate[..8]}/{region}/{service}/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var key = Encoding.UTF8.GetBytes("AWS4" + secretKey);
        foreach (var part in new[] { amzDate[..8], region, service, "aws4_request" })
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }

        return Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
    }

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        if (Verify(context.Request, body) is { } signatureProblem)
        {
            return Error(403, "SignatureDoesNotMatch", signatureProblem);
        }

        var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
        if (form["Action"] != "Publish" || form["Version"] != "2010-03-31")
        {
            return Error(400, "InvalidAction", $"Only Publish (2010-03-31) is served, not '{form["Action"]}' ({form["Version"]}).");
        }

        if (form["TopicArn"] != TopicArn)
        {
            return Error(404, "NotFound", "Topic does not exist");
        }

        if (string.IsNullOrEmpty(form["Message"]))
        {
            return Error(400, "InvalidParameter", "Invalid parameter: Empty message");
        }

        if (_refusal.Count > 0)
        {
            _refusal.Count--;
            return Error(_refusal.Status, _refusal.Code, "Refused on purpose by the test.");
        }

        var attributes = new Dictionary<string, string>();
        for (var i = 1; form.ContainsKey($"MessageAttributes.entry.{i}.Name"); i++)
        {
            form[$"MessageAttributes.entry.{i}.Value.DataType"].ToString().ShouldBe("String");
            attributes[form[$"MessageAttributes.entry.{i}.Name"]!] = form[$"MessageAttributes.entry.{i}.Value.StringValue"]!;
        }

        Messages.Enqueue(new PublishedMessage(TopicArn, form["Message"]!, attributes));
        return Results.Text(
            $"""
            <PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
              <PublishResult><MessageId>{Guid.NewGuid()}</MessageId></PublishResult>
              <ResponseMetadata><RequestId>{Guid.NewGuid()}</RequestId></ResponseMetadata>
            </PublishResponse>
            """,
            "text/xml");
    }

    /// <summary>Null when the request is signed by <see cref="AccessKey"/> for SNS in <see cref="Region"/> and the signature matches.</summary>
    private static string? Verify(HttpRequest request, byte[] body)
    {
        var authorization = request.Headers.Authorization.ToString();
        const string prefix = "AWS4-HMAC-SHA256 ";
        if (!authorization.StartsWith(prefix, StringComparison.Ordinal))
        {
            return "The request is not signed with Signature Version 4.";
        }

        var parts = authorization[prefix.Length..].Split(", ").Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var amzDate = request.Headers["X-Amz-Date"].ToString();
        if (!DateTime.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var signedAt)
            || (DateTime.UtcNow - signedAt).Duration() > TimeSpan.FromMinutes(5))
        {
            return $"Signature expired or X-Amz-Date '{amzDate}' is missing.";
        }

        if (parts["Credential"] != $"{AccessKey}/{amzDate[..8]}/{Region}/sns/aws4_request")
        {
            return $"Credential should be scoped to a valid region and service: '{parts["Credential"]}'.";
        }

        var names = parts["SignedHeaders"].Split(';');
        if (!new[] { "content-type", "host", "x-amz-date" }.All(names.Contains))
        {
            return $"Host, Content-Type and X-Amz-Date must be signed, not only '{parts["SignedHeaders"]}'.";
        }

        var headers = names.Select(name => (name, request.Headers[name].ToString())).ToList();
        var expected = Signature(SecretKey, request.Method, request.Path.Value!, headers, body, amzDate, Region, "sns");
        return parts["Signature"] == expected
            ? null
            : "The request signature we calculated does not match the signature you provided.";
    }

    private IResult Error(int status, string code, string message)
    {
        Rejections.Enqueue(code);
        return Results.Text(
            $"""
            <ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
              <Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error>
              <RequestId>{Guid.NewGuid()}</RequestId>
            </ErrorResponse>
            """,
            "text/xml",
            statusCode: status);
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
