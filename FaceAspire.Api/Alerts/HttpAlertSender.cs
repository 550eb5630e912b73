using System.Text;
using Microsoft.Extensions.Options;

namespace FaceAspire.Api.Alerts;

/// <summary>
/// <c>POST /alerts</c> on the alert function, through a typed client whose base address (<c>http://alertfunction</c>)
/// service discovery resolves and whose retries and timeouts come from ServiceDefaults' resilience handler; each
/// attempt is signed by <see cref="AlertRequestSigner"/>.
/// </summary>
public sealed class HttpAlertSender(HttpClient http, IOptions<AlertOptions> options) : IAlertSender
{
    public async Task SendAsync(AlertFunctionMessage message, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.ApiKey))
        {
            throw new AlertDeliveryException("No alert function key is configured (AlertFunction:ApiKey or Alerts:ApiKey).");
        }

        // Both kinds go to the one route; the body's "kind" tells them apart.
        using var request = new HttpRequestMessage(HttpMethod.Post, "alerts") { Content = new StringContent(message.Json, Encoding.UTF8, "application/json") };
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new AlertDeliveryException($"The alert function is unreachable: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AlertDeliveryException("The alert function did not answer in time.", ex);
        }

        using (response)
        {
            // 200 covers "sent", "duplicate" and "skipped" (the account is gone): nothing is left to deliver.
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                throw new AlertDeliveryException($"The alert function answered {(int)response.StatusCode}: {Truncate(body)}");
            }
        }
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300];
}
