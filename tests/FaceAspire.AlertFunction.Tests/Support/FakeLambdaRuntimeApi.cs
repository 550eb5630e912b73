using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FaceAspire.AlertFunction.Tests.Support;

/// <summary>What a function posted back for one invocation: the body and, for errors, the error-type header.</summary>
public sealed record RuntimeReply(string Kind, string Body, string? ErrorType);

/// <summary>
/// A local stand-in for the AWS Lambda Runtime API (2018-06-01) over real HTTP: it hands out queued events on
/// <c>GET runtime/invocation/next</c> (a long poll, as Lambda does), and records what the function posts to
/// <c>/response</c>, <c>/error</c> and <c>runtime/init/error</c>.
/// </summary>
public sealed class FakeLambdaRuntimeApi : IAsyncDisposable
{
    private readonly Channel<(string RequestId, string Payload)> _events = Channel.CreateUnbounded<(string, string)>();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<RuntimeReply>> _replies = new();
    private readonly TaskCompletionSource<RuntimeReply> _initError = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly WebApplication _app;

    private FakeLambdaRuntimeApi(WebApplication app) => _app = app;

    /// <summary>The <c>AWS_LAMBDA_RUNTIME_API</c> value (host:port) of this fake.</summary>
    public string Address { get; private set; } = "";

    /// <summary>The trace header sent with every invocation.</summary>
    public const string TraceId = "Root=1-67891233-abcdef012345678912345678";

    public static async Task<FakeLambdaRuntimeApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeLambdaRuntimeApi(app);
        app.MapGet("/2018-06-01/runtime/invocation/next", fake.NextAsync);
        app.MapPost("/2018-06-01/runtime/invocation/{id}/response", (string id, HttpRequest request) => fake.RecordAsync(id, "response", request));
        app.MapPost("/2018-06-01/runtime/invocation/{id}/error", (string id, HttpRequest request) => fake.RecordAsync(id, "error", request));
        app.MapPost("/2018-06-01/runtime/init/error", async (HttpRequest request) =>
        {
            if (request.ContentLength is null)
            {
                return Results.StatusCode(StatusCodes.Status411LengthRequired);
            }

            fake._initError.TrySetResult(await ReadReplyAsync("init-error", request));
            return Results.Accepted();
        });
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        fake.Address = $"{address.Host}:{address.Port}";
        return fake;
    }

    /// <summary>Queues an event; the returned task completes with what the function posts back for it.</summary>
    public Task<RuntimeReply> InvokeAsync(string payload)
    {
        var requestId = Guid.NewGuid().ToString();
        var reply = _replies.GetOrAdd(requestId, _ => new TaskCompletionSource<RuntimeReply>(TaskCreationOptions.RunContinuationsAsynchronously));
        _events.Writer.TryWrite((requestId, payload));
        return reply.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>Completes when the function reports a start-up failure.</summary>
    public Task<RuntimeReply> InitErrorAsync() => _initError.Task.WaitAsync(TimeSpan.FromSeconds(60));

    private async Task NextAsync(HttpContext context)
    {
        var (requestId, payload) = await _events.Reader.ReadAsync(context.RequestAborted);
        context.Response.Headers["Lambda-Runtime-Aws-Request-Id"] = requestId;
        context.Response.Headers["Lambda-Runtime-Deadline-Ms"] =
            DateTimeOffset.UtcNow.AddSeconds(30).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["Lambda-Runtime-Trace-Id"] = TraceId;
        context.Response.Headers["Lambda-Runtime-Invoked-Function-Arn"] = "arn:aws:lambda:eu-west-1:123456789012:function:faceaspire-alerts";
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(payload, context.RequestAborted);
    }

    private async Task<IResult> RecordAsync(string requestId, string kind, HttpRequest request)
    {
        if (!_replies.TryGetValue(requestId, out var reply))
        {
            return Results.NotFound();
        }

        // Replies are plain HTTP/1.1 bodies with a length; chunked framing is not accepted here.
        if (request.ContentLength is null)
        {
            return Results.StatusCode(StatusCodes.Status411LengthRequired);
        }

        reply.TrySetResult(await ReadReplyAsync(kind, request));
        return Results.Accepted();
    }

    private static async Task<RuntimeReply> ReadReplyAsync(string kind, HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        var errorType = request.Headers.TryGetValue("Lambda-Runtime-Function-Error-Type", out var values) ? values.ToString() : null;
        return new RuntimeReply(kind, body, errorType);
    }

    public async ValueTask DisposeAsync()
    {
        _events.Writer.TryComplete();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
