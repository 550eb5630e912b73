using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Options;

namespace FaceAspire.Api.Alerts;

/// <summary>
/// Puts the message (an alert or an account notice, told apart by its body's <c>kind</c>) on the SQS queue (<c>Alerts:Sqs:QueueUrl</c>) that triggers the alert function on AWS Lambda;
/// SQS's acknowledgement of the send counts as delivery (the function retries through the queue).
/// </summary>
public sealed class SqsAlertSender([FromKeyedServices(SqsAlertSender.ClientKey)] IAmazonSQS sqs, IOptions<AlertOptions> options) : IAlertSender
{
    /// <summary>The SQS client of this transport (the analysis queue may use another account or endpoint).</summary>
    public const string ClientKey = "alerts";

    public async Task SendAsync(AlertFunctionMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await sqs.SendMessageAsync(
                new SendMessageRequest
                {
                    QueueUrl = options.Value.Sqs.QueueUrl,
                    MessageBody = message.Json,
                },
                cancellationToken);
        }
        catch (AmazonServiceException ex)
        {
            throw new AlertDeliveryException($"SQS refused the alert: {ex.Message}", ex);
        }
        catch (AmazonClientException ex)
        {
            throw new AlertDeliveryException($"The SQS client failed: {ex.Message}", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new AlertDeliveryException($"SQS is unreachable: {ex.Message}", ex);
        }
    }
}
