using System.Text.Json;

namespace FaceAspire.Web.Tests.Infrastructure;

/// <summary>The messages MailDev received, read through its REST API as a developer's tools would.</summary>
public sealed class MailDevInbox(Uri webUrl) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = webUrl, Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>MailDev's rendering of a message's HTML body, as its web inbox shows it.</summary>
    public Uri HtmlUrl(ReceivedEmail email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return new Uri(webUrl, $"api/email/{Uri.EscapeDataString(email.Id)}/html");
    }

    /// <summary>Every message addressed to <paramref name="recipient"/> that <paramref name="match"/> accepts.</summary>
    public async Task<IReadOnlyList<ReceivedEmail>> EmailsToAsync(string recipient, Func<ReceivedEmail, bool> match, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(match);
        using var emails = JsonDocument.Parse(await _http.GetStringAsync(new Uri("api/email", UriKind.Relative), cancellationToken));
        return [.. emails.RootElement.EnumerateArray().Select(Read)
            .Where(email => email.To.Contains(recipient, StringComparer.OrdinalIgnoreCase) && match(email))];
    }

    /// <summary>Polls the inbox until a message to <paramref name="recipient"/> matches; fails after <paramref name="timeout"/>.</summary>
    public async Task<ReceivedEmail> WaitForEmailAsync(
        string recipient, Func<ReceivedEmail, bool> match, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if ((await EmailsToAsync(recipient, match, cancellationToken)).FirstOrDefault() is { } email)
            {
                return email;
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, $"No matching email to {recipient} arrived within {timeout.TotalSeconds:0} s.");
            await Task.Delay(200, cancellationToken);
        }
    }

    public void Dispose() => _http.Dispose();

    private static ReceivedEmail Read(JsonElement email) => new(
        email.GetProperty("id").GetString()!,
        [.. email.GetProperty("to").EnumerateArray().Select(address => address.GetProperty("address").GetString()!)],
        email.GetProperty("subject").GetString() ?? string.Empty,
        email.TryGetProperty("text", out var text) ? text.GetString() ?? string.Empty : string.Empty);
}

/// <summary>A message as MailDev received it.</summary>
public sealed record ReceivedEmail(string Id, IReadOnlyList<string> To, string Subject, string Text);
