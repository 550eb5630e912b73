using System.Text.Json;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Options;

namespace FaceAspire.Api.Alerts;

/// <summary>
/// Puts the alert on the SQS queue (<c>Alerts:Sqs:QueueUrl</c>) that triggers the alert function on AWS Lambda;
/// SQS's acknowledgement of the send counts as delivery (the function retries through the queue).
/// </summary>
public sealed class SqsAlertSender([FromKeyedServices(SqsAlertSender.ClientKey)] IAmazonSQS sqs, IOptions<AlertOptions> options) : IAlertSender
{
    /// <summary>The SQS client of this transport (the analysis queue may use another account or endpoint).</summary>
    public const string ClientKey = "alerts";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task SendAsync(AlertPayload alert, CancellationToken cancellationToken)
    {
        try
        {
            await sqs.SendMessageAsync(
                new SendMessageRequest
                {
                    QueueUrl = options.Value.Sqs.QueueUrl,
                    MessageBody = JsonSerializer.Serialize(alert, Json),
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
