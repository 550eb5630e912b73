using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FaceAspire.Api.Tests.Support;

/// <summary>
/// A local HTTP endpoint speaking the SQS actions the API uses, in the AWS JSON 1.0 protocol of the AWS SDK (signed
/// request, <c>X-Amz-Target</c>, MD5 digests in the answers, which the SDK checks): <c>SendMessage</c>,
/// <c>SendMessageBatch</c>, <c>ReceiveMessage</c> (visibility timeout, <c>ApproximateReceiveCount</c>),
/// <c>DeleteMessage</c> and <c>ChangeMessageVisibility</c>, with a redrive policy that moves a message received more
/// than the maximum number of times to a dead-letter list, as SQS does. No SQS-compatible server is installable here;
/// this keeps the real SDK, its signing, retries and error handling in the test. It can be told to fail the next
/// requests with a 500, as SQS does during an outage.
/// </summary>
public sealed class FakeSqsServer : IAsyncDisposable
{
    private const string JsonContentType = "application/x-amz-json-1.0";
    private readonly WebApplication _app;
    private readonly string _queueName;
    private readonly int? _maxReceiveCount;
    private readonly List<QueuedMessage> _queue = [];
    private int _failuresLeft;

    private FakeSqsServer(WebApplication app, string queueName, int? maxReceiveCount)
    {
        _app = app;
        _queueName = queueName;
        _maxReceiveCount = maxReceiveCount;
    }

    /// <summary>Bodies of the messages accepted, in order (also those since received or deleted).</summary>
    public ConcurrentQueue<string> Messages { get; } = new();

    /// <summary>Bodies moved to the dead-letter queue by the redrive policy.</summary>
    public ConcurrentQueue<string> DeadLetters { get; } = new();

    /// <summary>Requests refused on purpose.</summary>
    public int FailedRequests { get; private set; }

    public string ServiceUrl { get; private set; } = string.Empty;

    public string QueueUrl => $"{ServiceUrl}/000000000000/{_queueName}";

    /// <summary>Messages still in the queue, visible or not.</summary>
    public int InQueue
    {
        get
        {
            lock (_queue)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Starts a queue; with <paramref name="maxReceiveCount"/> it has a redrive policy to a dead-letter queue.</summary>
    public static async Task<FakeSqsServer> StartAsync(string queueName = "faceaspire-alerts", int? maxReceiveCount = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeSqsServer(app, queueName, maxReceiveCount);
        app.MapPost("/", (Delegate)server.HandleAsync);
        await app.StartAsync();
        server.ServiceUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return server;
    }

    /// <summary>The next <paramref name="count"/> requests answer 500 InternalError.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref _failuresLeft, count);

    /// <summary>Ends every visibility timeout now, as if the time had passed (a worker that died holding a message).</summary>
    public void ExpireVisibility()
    {
        lock (_queue)
        {
            _queue.ForEach(m => m.VisibleAt = DateTimeOffset.MinValue);
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        var action = context.Request.Headers["X-Amz-Target"].ToString();
        if (!context.Request.Headers.Authorization.ToString().StartsWith("AWS4-HMAC-SHA256 Credential=", StringComparison.Ordinal))
        {
            return Error(403, "MissingAuthenticationToken", "The request is not signed with Signature Version 4.");
        }

        var request = (await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted))!.AsObject();
        if (request["QueueUrl"]?.GetValue<string>() != QueueUrl)
        {
            return Error(400, "AWS.SimpleQueueService.NonExistentQueue", "The specified queue does not exist.");
        }

        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            FailedRequests++;
            return Error(500, "InternalError", "We encountered an internal error. Please try again.");
        }

        lock (_queue)
        {
            return action switch
            {
                "AmazonSQS.SendMessage" => Answer(Sent(Send(request["MessageBody"]!.GetValue<string>()))),
                "AmazonSQS.SendMessageBatch" => SendBatch(request["Entries"]!.AsArray()),
                "AmazonSQS.ReceiveMessage" => Receive(request),
                "AmazonSQS.DeleteMessage" => WithHandle(request, message => _queue.Remove(message)),
                "AmazonSQS.ChangeMessageVisibility" => WithHandle(request, message =>
                    message.VisibleAt = DateTimeOffset.UtcNow.AddSeconds(request["VisibilityTimeout"]!.GetValue<int>())),
                _ => Error(400, "UnsupportedOperation", $"'{action}' is not served."),
            };
        }
    }

    private QueuedMessage Send(string body)
    {
        var message = new QueuedMessage(Guid.NewGuid().ToString(), body);
        _queue.Add(message);
        Messages.Enqueue(body);
        return message;
    }

    private IResult SendBatch(JsonArray entries) => Answer(new JsonObject
    {
        ["Successful"] = new JsonArray([.. entries.Select(entry =>
        {
            var sent = Sent(Send(entry!["MessageBody"]!.GetValue<string>()));
            sent["Id"] = entry["Id"]!.GetValue<string>();
            return (JsonNode)sent;
        })]),
        ["Failed"] = new JsonArray(),
    });

    private static JsonObject Sent(QueuedMessage message) => new() { ["MessageId"] = message.Id, ["MD5OfMessageBody"] = Md5(message.Body) };

    private IResult Receive(JsonObject request)
    {
        var now = DateTimeOffset.UtcNow;
        var wanted = request["MaxNumberOfMessages"]?.GetValue<int>() ?? 1;
        var visibility = request["VisibilityTimeout"]?.GetValue<int>() ?? 30;
        var received = new JsonArray();
        foreach (var message in _queue.Where(m => m.VisibleAt <= now).ToList())
        {
            if (received.Count == wanted)
            {
                break;
            }

            if (_maxReceiveCount is { } max && message.ReceiveCount >= max)
            {
                // The redrive policy: a message received the maximum number of times moves on its next receive.
                _queue.Remove(message);
                DeadLetters.Enqueue(message.Body);
                continue;
            }

            message.ReceiveCount++;
            message.ReceiptHandle = Guid.NewGuid().ToString("N");
            message.VisibleAt = now.AddSeconds(visibility);
            received.Add(new JsonObject
            {
                ["MessageId"] = message.Id,
                ["ReceiptHandle"] = message.ReceiptHandle,
                ["MD5OfBody"] = Md5(message.Body),
                ["Body"] = message.Body,
                ["Attributes"] = new JsonObject { ["ApproximateReceiveCount"] = message.ReceiveCount.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            });
        }

        return Answer(new JsonObject { ["Messages"] = received });
    }

    private IResult WithHandle(JsonObject request, Action<QueuedMessage> act)
    {
        var handle = request["ReceiptHandle"]?.GetValue<string>();
        if (_queue.FirstOrDefault(m => m.ReceiptHandle == handle) is not { } message)
        {
            return Error(400, "ReceiptHandleIsInvalid", $"The input receipt handle \"{handle}\" is not a valid receipt handle.");
        }

        act(message);
        return Answer(new JsonObject());
    }

#pragma warning disable CA5351 // MD5 is the checksum SQS's protocol defines, not a security measure.
    private static string Md5(string body) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(body)));
#pragma warning restore CA5351

    private static IResult Answer(JsonObject body) => Results.Text(body.ToJsonString(), JsonContentType);

    private static IResult Error(int status, string code, string message) => Results.Text(
        JsonSerializer.Serialize(new Dictionary<string, string> { ["__type"] = $"com.amazonaws.sqs#{code}", ["message"] = message }),
        JsonContentType,
        statusCode: status);

    private sealed class QueuedMessage(string id, string body)
    {
        public string Id { get; } = id;

        public string Body { get; } = body;

        public int ReceiveCount { get; set; }

        public string? ReceiptHandle { get; set; }

        public DateTimeOffset VisibleAt { get; set; } = DateTimeOffset.MinValue;
    }
}
