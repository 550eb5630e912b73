using System.Globalization;
using System.Text;
using System.Text.Json;
using FaceAspire.AlertFunction.Contracts;

namespace FaceAspire.AlertFunction.Lambda;

/// <summary>One invocation handed out by the Lambda Runtime API.</summary>
/// <param name="RequestId">Value of <c>Lambda-Runtime-Aws-Request-Id</c>.</param>
/// <param name="Deadline">When Lambda stops the invocation (<c>Lambda-Runtime-Deadline-Ms</c>).</param>
/// <param name="TraceId">X-Ray trace header (<c>Lambda-Runtime-Trace-Id</c>), if any.</param>
/// <param name="Payload">The event JSON.</param>
public sealed record LambdaInvocation(string RequestId, DateTimeOffset Deadline, string? TraceId, string Payload);

/// <summary>
/// Client of the AWS Lambda Runtime API (version 2018-06-01) that a custom runtime (<c>provided.al2023</c>)
/// talks to: fetch the next invocation, post its response or error, and report start-up failures.
/// No Amazon.Lambda package exists in the package source, so the wire protocol lives here, in one place.
/// </summary>
public sealed class LambdaRuntimeClient : IDisposable
{
    /// <summary>Environment variable through which Lambda gives the runtime its API address (host:port).</summary>
    public const string RuntimeApiVariable = "AWS_LAMBDA_RUNTIME_API";

    /// <summary>Environment variable the X-Ray SDKs read the current trace header from.</summary>
    public const string TraceIdVariable = "_X_AMZN_TRACE_ID";

    private const string ErrorTypeHeader = "Lambda-Runtime-Function-Error-Type";
    private readonly HttpClient _http;

    /// <summary>Creates a client of the Runtime API at <paramref name="runtimeApi"/> (host:port).</summary>
    public LambdaRuntimeClient(string runtimeApi)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runtimeApi);
        // Not from IHttpClientFactory: the shared resilience handler would time out the long poll of /next,
        // which legitimately waits while the execution environment is frozen between events.
        _http = new HttpClient
        {
            BaseAddress = new Uri($"http://{runtimeApi}/2018-06-01/"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>Waits for the next invocation (long poll).</summary>
    public async Task<LambdaInvocation> NextInvocationAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync("runtime/invocation/next", cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var requestId = Header(response, "Lambda-Runtime-Aws-Request-Id")
            ?? throw new InvalidOperationException("The Runtime API sent an invocation without Lambda-Runtime-Aws-Request-Id.");
        var deadline = long.TryParse(Header(response, "Lambda-Runtime-Deadline-Ms"), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : DateTimeOffset.UtcNow.AddMinutes(1);
        var payload = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return new LambdaInvocation(requestId, deadline, Header(response, "Lambda-Runtime-Trace-Id"), payload);
    }

    /// <summary>Posts the result of invocation <paramref name="requestId"/>.</summary>
    public async Task RespondAsync(string requestId, string json, CancellationToken cancellationToken)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync($"runtime/invocation/{Uri.EscapeDataString(requestId)}/response", content, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Reports that invocation <paramref name="requestId"/> failed; Lambda then applies the trigger's retry policy.</summary>
    public Task ReportInvocationErrorAsync(string requestId, Exception error, CancellationToken cancellationToken) =>
        PostErrorAsync($"runtime/invocation/{Uri.EscapeDataString(requestId)}/error", error, cancellationToken);

    /// <summary>Reports that the function could not start; Lambda fails the pending invocation and restarts the environment.</summary>
    public Task ReportInitErrorAsync(Exception error, CancellationToken cancellationToken) =>
        PostErrorAsync("runtime/init/error", error, cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task PostErrorAsync(string path, Exception error, CancellationToken cancellationToken)
    {
        var body = new LambdaError(error.Message, error.GetType().Name, []);
        // Buffered: posted with Content-Length like invocation responses, never chunked (JsonContent would stream it).
        using var content = new StringContent(JsonSerializer.Serialize(body, AlertJson.Options), Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.TryAddWithoutValidation(ErrorTypeHeader, "Unhandled");
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    // Stack traces are left out: they would reveal internals to whoever reads the invocation result.
    private sealed record LambdaError(string ErrorMessage, string ErrorType, IReadOnlyList<string> StackTrace);
}
