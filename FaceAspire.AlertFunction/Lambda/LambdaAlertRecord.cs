using FaceAspire.AlertFunction.Alerts;
using FaceAspire.AlertFunction.Contracts;
using Microsoft.Extensions.Options;

namespace FaceAspire.AlertFunction.Lambda;

/// <summary>Delivers the alert or account notice in one record of a Lambda event (an SQS message body or an SNS message); shared by both event kinds.</summary>
public sealed class LambdaAlertRecord(AlertHandler handler, IOptions<AlertHandlerOptions> options, ILogger<LambdaAlertRecord> logger)
{
    /// <summary>True when the alert was emailed now or before; false when it must come again (invalid, mail down, database error, deadline).</summary>
    public async Task<bool> DeliverAsync(string source, string? recordId, string? body, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Invocation deadline reached before {Source} message {MessageId}; it will be retried", source, recordId);
            return false;
        }

        var read = AlertMessageReader.Read(body, options.Value.PublicBaseUrl);
        if (read.Message is null)
        {
            logger.LogError("{Source} message {MessageId} is not a valid alert and was not emailed: {Problem}", source, recordId, read.Describe());
            return false;
        }

        try
        {
            var outcome = await handler.HandleAsync(read.Message, cancellationToken).ConfigureAwait(false);
            return outcome.IsDelivered;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || cancellationToken.IsCancellationRequested)
        {
            // One record's failure (database unreachable, deadline) must not fail the records already emailed.
            logger.LogError(exception, "Alert {AlertId} from {Source} message {MessageId} failed; it will be retried",
                read.Message.Id, source, recordId);
            return false;
        }
    }
}
