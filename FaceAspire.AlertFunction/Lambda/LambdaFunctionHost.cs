using System.Text.Json;
using FaceAspire.AlertFunction.Contracts;

namespace FaceAspire.AlertFunction.Lambda;

/// <summary>
/// The AWS Lambda host (custom runtime <c>provided.al2023</c>): builds the same services as the HTTP host,
/// then loops over the Runtime API's invocations until the process is stopped. An invocation is an SNS event (the
/// AWS deployment's alert topic) or an SQS event (a queue trigger).
/// </summary>
public static class LambdaFunctionHost
{
    // Time kept back from the invocation deadline to post the response before Lambda kills the process.
    private static readonly TimeSpan DeadlineMargin = TimeSpan.FromSeconds(1);

    /// <summary>Runs the function against the Runtime API at <paramref name="runtimeApi"/>; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, string runtimeApi, CancellationToken cancellationToken = default)
    {
        using var runtime = new LambdaRuntimeClient(runtimeApi);
        IHost host;
        try
        {
            var builder = Host.CreateApplicationBuilder(args);
            builder.AddServiceDefaults();
            builder.AddAlertDelivery();
            builder.Services.AddSingleton<LambdaAlertRecord>();
            builder.Services.AddSingleton<SqsAlertProcessor>();
            builder.Services.AddSingleton<SnsAlertProcessor>();
            host = builder.Build();
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"Alert function failed to start: {exception}").ConfigureAwait(false);
            await runtime.ReportInitErrorAsync(exception, cancellationToken).ConfigureAwait(false);
            return 1;
        }

        try
        {
            await ServeAsync(runtime, host.Services, cancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 0;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
            host.Dispose();
        }
    }

    private static async Task ServeAsync(LambdaRuntimeClient runtime, IServiceProvider services, CancellationToken cancellationToken)
    {
        var sqs = services.GetRequiredService<SqsAlertProcessor>();
        var sns = services.GetRequiredService<SnsAlertProcessor>();
        var logger = services.GetRequiredService<ILogger<LambdaAlertRecord>>();
        while (true)
        {
            var invocation = await runtime.NextInvocationAsync(cancellationToken).ConfigureAwait(false);
            Environment.SetEnvironmentVariable(LambdaRuntimeClient.TraceIdVariable, invocation.TraceId);
            using var scope = logger.BeginScope(new Dictionary<string, object> { ["AwsRequestId"] = invocation.RequestId });
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var remaining = invocation.Deadline - DateTimeOffset.UtcNow - DeadlineMargin;
            deadline.CancelAfter(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
            string response;
            try
            {
                response = IsSnsEvent(invocation.Payload)
                    ? JsonSerializer.Serialize(await sns.ProcessAsync(invocation.Payload, deadline.Token).ConfigureAwait(false), AlertJson.Options)
                    : JsonSerializer.Serialize(await sqs.ProcessAsync(invocation.Payload, deadline.Token).ConfigureAwait(false), AlertJson.Options);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogError(exception, "Invocation {RequestId} failed", invocation.RequestId);
                await runtime.ReportInvocationErrorAsync(invocation.RequestId, exception, cancellationToken).ConfigureAwait(false);
                continue;
            }

            await runtime.RespondAsync(invocation.RequestId, response, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsSnsEvent(string payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            return SnsAlertProcessor.IsSnsEvent(document.RootElement);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
