using System.Text.Json;
using FaceAspire.AlertFunction.Alerts;
using FaceAspire.AlertFunction.Contracts;

namespace FaceAspire.AlertFunction.Lambda;

/// <summary>
/// Handles one SQS event: each record is one alert. Records that were not delivered (invalid, mail server
/// down, another delivery in progress, database error) are listed as batch item failures so SQS redelivers
/// only those, and a poison message ends in the queue's dead-letter queue rather than in anyone's inbox.
/// </summary>
public sealed class SqsAlertProcessor(AlertHandler handler, ILogger<SqsAlertProcessor> logger)
{
    /// <summary>
    /// Processes <paramref name="eventJson"/>. Throws when the payload is not an SQS event at all, which the
    /// runtime reports as an invocation error.
    /// </summary>
    public async Task<SqsBatchResponse> ProcessAsync(string eventJson, CancellationToken cancellationToken)
    {
        var sqsEvent = JsonSerializer.Deserialize<SqsEvent>(eventJson, AlertJson.Options);
        if (sqsEvent?.Records is not { } records || records.Any(record => string.IsNullOrEmpty(record.MessageId)))
        {
            throw new InvalidDataException("The invocation payload is not an SQS event: Records[].messageId is missing.");
        }

        var failures = new List<SqsBatchItemFailure>();
        foreach (var record in records)
        {
            if (!await ProcessRecordAsync(record, cancellationToken).ConfigureAwait(false))
            {
                failures.Add(new SqsBatchItemFailure(record.MessageId!));
            }
        }

        return new SqsBatchResponse(failures);
    }

    private async Task<bool> ProcessRecordAsync(SqsMessage record, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Invocation deadline reached before SQS message {MessageId}; it returns to the queue", record.MessageId);
            return false;
        }

        var read = AlertMessageReader.Read(record.Body);
        if (read.Alert is null)
        {
            logger.LogError("SQS message {MessageId} is not a valid alert and was not emailed: {Problem}", record.MessageId, read.Describe());
            return false;
        }

        try
        {
            var outcome = await handler.HandleAsync(read.Alert, cancellationToken).ConfigureAwait(false);
            return outcome.IsDelivered;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || cancellationToken.IsCancellationRequested)
        {
            // One record's failure (database unreachable, deadline) must not fail the records already emailed.
            logger.LogError(exception, "Alert {AlertId} from SQS message {MessageId} failed; it returns to the queue",
                read.Alert.Message.AlertId, record.MessageId);
            return false;
        }
    }
}
