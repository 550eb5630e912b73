using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Options;

namespace FaceAspire.Api.Analysis.Sqs;

/// <summary>
/// Sends a message for each pending job (SQS transport). The job row, written with the photo in one transaction, is
/// the record that a message is owed: jobs are taken with <c>FOR UPDATE SKIP LOCKED</c> and marked sent, so any number
/// of instances send each job once; a failed send makes the job due again, and a job whose message never led to a
/// claim is sent again after <see cref="AnalysisSqsOptions.ResendAfter"/>. Workers ignore duplicates.
/// </summary>
public sealed partial class SqsAnalysisSender(
    IServiceScopeFactory scopes,
    [FromKeyedServices(AnalysisJobMessage.ClientKey)] IAmazonSQS sqs,
    AnalysisQueueSignal queue,
    IOptions<AnalysisOptions> options,
    ILogger<SqsAnalysisSender> logger) : BackgroundService
{
    private const int BatchSize = 10;

    /// <summary>Sends the messages of due jobs, up to one batch; returns how many were sent. Public so tests can drive it.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var jobs = scope.ServiceProvider.GetRequiredService<AnalysisJobStore>();
        var due = await jobs.TakeDueForSendingAsync(BatchSize, settings.Sqs.ResendAfter, cancellationToken);
        if (due.Count == 0)
        {
            return 0;
        }

        var unsent = new List<Guid>();
        try
        {
            var response = await sqs.SendMessageBatchAsync(
                new SendMessageBatchRequest
                {
                    QueueUrl = settings.Sqs.QueueUrl,
                    Entries = [.. due.Select(id => new SendMessageBatchRequestEntry(id.ToString("N"), new AnalysisJobMessage(id).ToJson()))],
                },
                cancellationToken);
            foreach (var failed in response.Failed ?? [])
            {
                LogNotSent(logger, failed.Id, $"{failed.Code}: {failed.Message}");
                unsent.Add(Guid.ParseExact(failed.Id, "N"));
            }
        }
        catch (Exception ex) when (ex is AmazonSQSException or Amazon.Runtime.AmazonClientException or HttpRequestException)
        {
            LogBatchNotSent(logger, ex, due.Count);
            unsent = due;
        }

        if (unsent.Count > 0)
        {
            await jobs.ReturnUnsentAsync(unsent, CancellationToken.None);
        }

        return due.Count - unsent.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var sent = 0;
            try
            {
                sent = await SendDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Typically the database is unreachable; the jobs stay pending for the next round.
                LogSendFailed(logger, ex);
            }

            if (sent < BatchSize)
            {
                try
                {
                    await queue.WaitAsync(options.Value.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "SQS did not take the analysis message {EntryId}: {Reason}")]
    private static partial void LogNotSent(ILogger logger, string entryId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} analysis message(s) not sent to SQS; the jobs stay pending")]
    private static partial void LogBatchNotSent(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "The analysis sender could not read the job table")]
    private static partial void LogSendFailed(ILogger logger, Exception exception);
}
