using System.Xml.Linq;
using FaceAspire.Api.Infrastructure;
using Microsoft.Extensions.Options;

namespace FaceAspire.Api.Alerts;

/// <summary>
/// Publishes the alert to the SNS topic (<c>Alerts:Sns:TopicArn</c>) that the alert function on AWS Lambda is
/// subscribed to, through SNS's Query API <c>Publish</c> signed with SigV4 (no SNS SDK package is available). The
/// message carries the attribute <c>kind</c> (<c>review-alert</c> or <c>account-notice</c>, as in its body), which the
/// function's subscription filters on. SNS's
/// acknowledgement counts as delivery; Lambda retries the function and the function deduplicates by alert id.
/// </summary>
public sealed class SnsAlertSender(HttpClient http, SnsCredentials credentials, IOptions<AlertOptions> options, TimeProvider time) : IAlertSender
{
    public const string KindAttribute = "kind";
    private static readonly XNamespace Sns = "http://sns.amazonaws.com/doc/2010-03-31/";

    public async Task SendAsync(AlertFunctionMessage message, CancellationToken cancellationToken)
    {
        var settings = options.Value.Sns;
        var form = AwsQuerySigner.Form(
        [
            new("Action", "Publish"),
            new("Version", "2010-03-31"),
            new("TopicArn", settings.TopicArn!),
            new("Message", message.Json),
            new("MessageAttributes.entry.1.Name", KindAttribute),
            new("MessageAttributes.entry.1.Value.DataType", "String"),
            new("MessageAttributes.entry.1.Value.StringValue", message.Kind),
        ]);
        HttpResponseMessage response;
        try
        {
            var keys = await credentials.Value.GetCredentialsAsync();
            using var request = AwsQuerySigner.CreatePost(settings.Endpoint, form, keys, settings.SigningRegion, "sns", time.GetUtcNow());
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new AlertDeliveryException($"SNS is unreachable: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AlertDeliveryException("SNS did not answer in time.", ex);
        }
        catch (Amazon.Runtime.AmazonClientException ex)
        {
            throw new AlertDeliveryException($"No AWS credentials for SNS: {ex.Message}", ex);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new AlertDeliveryException($"SNS refused the alert ({(int)response.StatusCode} {ErrorOf(body)}).");
            }

            if (Parse(body)?.Descendants(Sns + "MessageId").FirstOrDefault()?.Value is not { Length: > 0 })
            {
                throw new AlertDeliveryException("SNS answered without a message id; the alert is not known to be published.");
            }
        }
    }

    private static string ErrorOf(string body) =>
        Parse(body)?.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error") is { } error
            ? $"{error.Elements().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value}: {error.Elements().FirstOrDefault(e => e.Name.LocalName == "Message")?.Value}"
            : body.Length <= 300 ? body : body[..300];

    private static XDocument? Parse(string body)
    {
        try
        {
            return XDocument.Parse(body);
        }
        catch (System.Xml.XmlException)
        {
            return null;
        }
    }
}

/// <summary>
/// The AWS credentials SNS requests are signed with: one instance, so the instance role's keys are cached, resolved on
/// first use, so that missing credentials fail a delivery attempt (and are logged with it) rather than the dispatcher.
/// </summary>
public sealed class SnsCredentials(Func<Amazon.Runtime.AWSCredentials> resolve)
{
    // PublicationOnly: a failed resolution is not cached, the next attempt tries again.
    private readonly Lazy<Amazon.Runtime.AWSCredentials> _value = new(resolve, LazyThreadSafetyMode.PublicationOnly);

    public Amazon.Runtime.AWSCredentials Value => _value.Value;
}
