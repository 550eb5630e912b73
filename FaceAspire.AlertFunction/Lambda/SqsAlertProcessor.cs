using System.Text.Json;
using FaceAspire.AlertFunction.Contracts;

namespace FaceAspire.AlertFunction.Lambda;

/// <summary>
/// Handles one SQS event: each record is one alert. Records that were not delivered (invalid, mail server
/// down, another delivery in progress, database error) are listed as batch item failures so SQS redelivers
/// only those, and a poison message ends in the queue's dead-letter queue rather than in anyone's inbox.
/// </summary>
public sealed class SqsAlertProcessor(LambdaAlertRecord records)
{
    /// <summary>
    /// Processes <paramref name="eventJson"/>. Throws when the payload is not an SQS event at all, which the
    /// runtime reports as an invocation error.
    /// </summary>
    public async Task<SqsBatchResponse> ProcessAsync(string eventJson, CancellationToken cancellationToken)
    {
        var sqsEvent = JsonSerializer.Deserialize<SqsEvent>(eventJson, AlertJson.Options);
        if (sqsEvent?.Records is not { } messages || messages.Any(record => string.IsNullOrEmpty(record.MessageId)))
        {
            throw new InvalidDataException("The invocation payload is neither an SNS event nor an SQS event: Records[].Sns or Records[].messageId is missing.");
        }

        var failures = new List<SqsBatchItemFailure>();
        foreach (var message in messages)
        {
            if (!await records.DeliverAsync("SQS", message.MessageId, message.Body, cancellationToken).ConfigureAwait(false))
            {
                failures.Add(new SqsBatchItemFailure(message.MessageId!));
            }
        }

        return new SqsBatchResponse(failures);
    }
}
