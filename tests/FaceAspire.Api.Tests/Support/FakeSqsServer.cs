using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FaceAspire.Api.Tests.Support;

/// <summary>
/// A local HTTP endpoint speaking the one SQS action the API uses, <c>SendMessage</c> in the AWS JSON 1.0 protocol
/// of the AWS SDK (signed request, <c>X-Amz-Target</c>, MD5 of the body in the answer, which the SDK checks). No
/// SQS-compatible server is installable here; this keeps the real SDK, its signing, retries and error handling in
/// the test. It can be told to fail the next sends with a 500, as SQS does during an outage.
/// </summary>
public sealed class FakeSqsServer : IAsyncDisposable
{
    private const string JsonContentType = "application/x-amz-json-1.0";
    private readonly WebApplication _app;
    private int _failuresLeft;

    private FakeSqsServer(WebApplication app) => _app = app;

    /// <summary>Bodies of the messages accepted, in order.</summary>
    public ConcurrentQueue<string> Messages { get; } = new();

    /// <summary>Requests refused on purpose.</summary>
    public int FailedRequests { get; private set; }

    public string ServiceUrl { get; private set; } = string.Empty;

    public string QueueUrl => $"{ServiceUrl}/000000000000/faceaspire-alerts";

    public static async Task<FakeSqsServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeSqsServer(app);
        app.MapPost("/", (Delegate)server.HandleAsync);
        await app.StartAsync();
        server.ServiceUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return server;
    }

    /// <summary>The next <paramref name="count"/> requests answer 500 InternalError.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref _failuresLeft, count);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        if (context.Request.Headers["X-Amz-Target"] != "AmazonSQS.SendMessage")
        {
            return Error(400, "UnsupportedOperation", $"Only SendMessage is served, not '{context.Request.Headers["X-Amz-Target"]}'.");
        }

        if (!context.Request.Headers.Authorization.ToString().StartsWith("AWS4-HMAC-SHA256 Credential=", StringComparison.Ordinal))
        {
            return Error(403, "MissingAuthenticationToken", "The request is not signed with Signature Version 4.");
        }

        using var request = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        if (request.RootElement.GetProperty("QueueUrl").GetString() != QueueUrl)
        {
            return Error(400, "AWS.SimpleQueueService.NonExistentQueue", "The specified queue does not exist.");
        }

        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            FailedRequests++;
            return Error(500, "InternalError", "We encountered an internal error. Please try again.");
        }

        var body = request.RootElement.GetProperty("MessageBody").GetString()!;
        Messages.Enqueue(body);
#pragma warning disable CA5351 // MD5 is the checksum SQS's protocol defines, not a security measure.
        var md5 = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(body)));
#pragma warning restore CA5351
        return Results.Text(
            JsonSerializer.Serialize(new { MessageId = Guid.NewGuid().ToString(), MD5OfMessageBody = md5 }),
            JsonContentType);
    }

    private static IResult Error(int status, string code, string message) => Results.Text(
        JsonSerializer.Serialize(new Dictionary<string, string> { ["__type"] = $"com.amazonaws.sqs#{code}", ["message"] = message }),
        JsonContentType,
        statusCode: status);
}
