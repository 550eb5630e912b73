using System.Net.Http.Json;
using FaceAspire.AlertFunction.Contracts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FaceAspire.AlertFunction.Tests.Support;

/// <summary>The HTTP host in process, wired to the test's PostgreSQL and MailDev, in the Production environment.</summary>
public sealed class AlertFunctionFactory(PostgresFixture postgres, MailDevServer mail) : WebApplicationFactory<Program>
{
    /// <summary>The shared secret the factory configures.</summary>
    public const string ApiKey = "test-alert-key-0123456789abcdef";

    /// <summary>The web app's address: review links must lie under it.</summary>
    public const string PublicBaseUrl = "https://faceaspire.test/";

    /// <summary>The administrators this host e-mails (<c>AlertFunction:Recipients</c>), fresh for each factory.</summary>
    public string[] Admins { get; } = TestAlerts.Admins(2);

    /// <summary>Starts the host, which creates the delivery table, before a test stages rows in it.</summary>
    public Task StartAsync()
    {
        _ = Services;
        return Task.CompletedTask;
    }

    /// <summary>A client that signs every request with the shared secret, as the API does.</summary>
    public HttpClient CreateAuthorizedClient() => CreateDefaultClient(new SigningHandler(ApiKey));

    /// <summary>Posts <paramref name="alert"/>, signed.</summary>
    public async Task<HttpResponseMessage> PostAlertAsync(AlertMessage alert)
    {
        using var client = CreateAuthorizedClient();
        return await client.PostAsJsonAsync("/alerts", alert, AlertJson.Options);
    }

    /// <summary>Posts <paramref name="notice"/>, signed.</summary>
    public async Task<HttpResponseMessage> PostNoticeAsync(AccountNoticeMessage notice)
    {
        using var client = CreateAuthorizedClient();
        return await client.PostAsJsonAsync("/alerts", notice, AlertJson.Options);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:facedb", postgres.ConnectionString);
        builder.UseSetting("ConnectionStrings:mail", mail.ConnectionString);
        builder.UseSetting("AlertFunction:ApiKey", ApiKey);
        builder.UseSetting("AlertFunction:PublicBaseUrl", PublicBaseUrl);
        for (var i = 0; i < Admins.Length; i++)
        {
            builder.UseSetting($"AlertFunction:Recipients:{i}", Admins[i]);
        }
        builder.UseSetting("Smtp:TimeoutSeconds", "10");
    }
}

/// <summary>Signs each request: a fresh timestamp and nonce, HMAC-SHA256 over them and the body.</summary>
public sealed class SigningHandler(string secret) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var nonce = Guid.NewGuid().ToString("N");
        request.Headers.Add(AlertSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(AlertSignature.NonceHeader, nonce);
        request.Headers.Add(AlertSignature.SignatureHeader, AlertSignature.Compute(secret, timestamp, nonce, body));
        return await base.SendAsync(request, cancellationToken);
    }
}
