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

    /// <summary>Starts the host, which creates the delivery table, before a test stages rows in it.</summary>
    public Task StartAsync()
    {
        _ = Services;
        return Task.CompletedTask;
    }

    /// <summary>A client that sends the API key.</summary>
    public HttpClient CreateAuthorizedClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-FaceAspire-Alert-Key", ApiKey);
        return client;
    }

    /// <summary>Posts <paramref name="alert"/> with the API key.</summary>
    public async Task<HttpResponseMessage> PostAlertAsync(AlertMessage alert)
    {
        using var client = CreateAuthorizedClient();
        return await client.PostAsJsonAsync("/alerts", alert, AlertJson.Options);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:facedb", postgres.ConnectionString);
        builder.UseSetting("ConnectionStrings:mail", mail.ConnectionString);
        builder.UseSetting("AlertFunction:ApiKey", ApiKey);
        builder.UseSetting("Smtp:TimeoutSeconds", "10");
    }
}
