using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;
using FaceAspire.Api.Infrastructure;
using Microsoft.Extensions.Options;

namespace FaceAspire.Api.Analysis.Sqs;

/// <summary>
/// Analysis workers fed by SQS (<c>Analysis:Transport=Sqs</c>). A receive hides the message for the lease
/// (<see cref="AnalysisOptions.LeaseDuration"/> as its visibility timeout) and the job row is claimed for the same time,
/// with the message's receive count as the attempt. Success deletes the message; a failed attempt shows it again after
/// the back-off; a failure on the last attempt fails the job and leaves the message to SQS, whose redrive policy moves
/// it to the dead-letter queue. A worker that dies simply lets the visibility timeout pass. Duplicates and messages for
/// finished or deleted jobs are deleted without running anything, and results are stored idempotently as with the
/// database queue.
/// </summary>
public sealed partial class SqsAnalysisWorkerService(
    IServiceScopeFactory scopes,
    [FromKeyedServices(AnalysisJobMessage.ClientKey)] IAmazonSQS sqs,
    AnalysisWorkerService runner,
    AnalysisMetrics metrics,
    IOptions<AnalysisOptions> options,
    ILogger<SqsAnalysisWorkerService> logger) : BackgroundService
{
    private const string ReceiveCount = "ApproximateReceiveCount";

    /// <summary>Receives and handles at most one message; false when none came. Public so tests can drive a worker step by step.</summary>
    public async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var received = await sqs.ReceiveMessageAsync(
            new ReceiveMessageRequest
            {
                QueueUrl = settings.Sqs.QueueUrl,
                MaxNumberOfMessages = 1,
                WaitTimeSeconds = (int)settings.Sqs.WaitTime.TotalSeconds,
                VisibilityTimeout = Seconds(settings.LeaseDuration),
                MessageSystemAttributeNames = [ReceiveCount],
            },
            cancellationToken);

        await using var scope = scopes.CreateAsyncScope();
        var jobs = scope.ServiceProvider.GetRequiredService<AnalysisJobStore>();
        await jobs.FailAbandonedAsync(cancellationToken);
        metrics.RecordQueueDepth(await jobs.CountOutstandingAsync(cancellationToken));
        if (received.Messages is not [var message, ..])
        {
            return false;
        }

        if (AnalysisJobMessage.TryParse(message.Body) is not { } body)
        {
            LogUnreadable(logger, message.MessageId);
            await DeleteAsync(message);
            return true;
        }

        var attempt = message.Attributes?.TryGetValue(ReceiveCount, out var count) == true
            && int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 1;
        var job = await jobs.ClaimAsync(body.PhotoId, attempt, cancellationToken);
        if (job is null)
        {
            // Finished or deleted: the message is a duplicate. Otherwise another worker holds a live lease: the message
            // shows again after the visibility timeout, by when that worker has finished or lost its lease.
            if (await jobs.IsSettledAsync(body.PhotoId, cancellationToken))
            {
                await DeleteAsync(message);
            }

            return true;
        }

        var backoff = RetryBackoff.After(attempt, settings.RetryDelay, TimeSpan.FromHours(1));
        var outcome = await runner.RunClaimedAsync(scope.ServiceProvider, job, settings.Sqs.ResendAfter, cancellationToken);
        switch (outcome)
        {
            case AnalysisAttemptOutcome.Succeeded or AnalysisAttemptOutcome.PhotoGone or AnalysisAttemptOutcome.FailedForGood:
                await DeleteAsync(message);
                break;
            case AnalysisAttemptOutcome.WillRetry:
                await ShowAgainAsync(message, backoff);
                break;
            case AnalysisAttemptOutcome.FailedAfterLastAttempt:
                // Shown at once, so SQS's next receive moves it to the dead-letter queue (receive count > maximum).
                await ShowAgainAsync(message, TimeSpan.Zero);
                break;
            case AnalysisAttemptOutcome.LeaseLost:
                // Another receive of this message holds the job now; its receipt handle is the current one.
                break;
        }

        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await runner.PrepareEngineAsync(stoppingToken);
        await Task.WhenAll(Enumerable.Range(0, options.Value.Workers).Select(i => Task.Run(() => RunWorkerAsync(i, stoppingToken), stoppingToken)));
    }

    private async Task RunWorkerAsync(int index, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // An empty receive has already waited (long poll), so there is no extra pause.
                await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // SQS or the database is unreachable: the message shows again after its visibility timeout.
                LogWorkerFailed(logger, ex, index);
                try
                {
                    await Task.Delay(options.Value.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private Task DeleteAsync(Message message) =>
        sqs.DeleteMessageAsync(new DeleteMessageRequest(options.Value.Sqs.QueueUrl, message.ReceiptHandle), CancellationToken.None);

    private Task ShowAgainAsync(Message message, TimeSpan after) =>
        sqs.ChangeMessageVisibilityAsync(
            new ChangeMessageVisibilityRequest(options.Value.Sqs.QueueUrl, message.ReceiptHandle, Seconds(after)), CancellationToken.None);

    private static int Seconds(TimeSpan span) => (int)Math.Ceiling(span.TotalSeconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "SQS message {MessageId} is not an analysis job; deleted")]
    private static partial void LogUnreadable(ILogger logger, string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SQS analysis worker {Worker} failed a round")]
    private static partial void LogWorkerFailed(ILogger logger, Exception exception, int worker);
}
