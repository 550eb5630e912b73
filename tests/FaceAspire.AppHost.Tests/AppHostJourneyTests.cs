using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.Testing;
using FaceAspire.AppHost.Tests.Support;

namespace FaceAspire.AppHost.Tests;

/// <summary>
/// The real AppHost under Aspire.Hosting.Testing: Aspire starts PostgreSQL, MailDev, the migrations, the alert function,
/// the API and the web front end, and a user's upload walks the whole way to the administrators' inbox.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class AppHostJourneyTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Fact]
    public async Task An_upload_without_a_face_is_analysed_and_its_alert_reaches_the_administrator_by_email_and_nothing_outlives_the_app()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        const string adminEmail = "admin@faceaspire.test";
        const string adminPassword = "apphost journey administrator passphrase";

        await using (var app = await TestAppHost.StartAsync(
            _temp.File("state"), $"FACEASPIRE_ADMIN_EMAIL={adminEmail}", $"FACEASPIRE_ADMIN_PASSWORD={adminPassword}"))
        {
            var started = ProcessInfo.StartedBy(Environment.ProcessId);
            started.Select(ProcessInfo.CommandLine).ShouldContain(line => line.Contains("postgres -D", StringComparison.Ordinal));
            started.Select(ProcessInfo.CommandLine).ShouldContain(line => line.Contains("maildev", StringComparison.Ordinal));

            // The front end serves the app and passes /api to the API it found through service discovery.
            var anonymous = app.CreateHttpClient("web");
            (await anonymous.GetStringAsync(new Uri("/", UriKind.Relative), cancellationToken)).ShouldContain("<div id=\"app\">");
            (await anonymous.GetAsync(new Uri("/api/me", UriKind.Relative), cancellationToken)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

            var user = await TestAppHost.SignedInClientAsync(app, "journey@faceaspire.test", "apphost journey user passphrase");
            var photoId = await TestAppHost.UploadAsync(user, TestAppHost.FacelessJpeg(seed: 1), "landscape.jpg");

            var analysis = await TestAppHost.WaitForAnalysisAsync(user, photoId, TimeSpan.FromMinutes(2));
            analysis.GetProperty("status").GetString().ShouldBe("succeeded", analysis.ToString());
            analysis.GetProperty("faces").GetArrayLength().ShouldBe(0);

            // No face reached the threshold: the API's outbox tells the alert function, which e-mails the administrator.
            var mail = app.CreateHttpClient("mail", "http");
            var alert = await WaitForEmailAsync(mail, adminEmail, TimeSpan.FromMinutes(1));
            (alert.GetProperty("text").GetString() ?? string.Empty).ShouldContain(photoId);
        }

        // Disposing the app stops every process Aspire started: the orchestrator, PostgreSQL, MailDev and the services.
        var survivors = await WaitForExitAsync(ProcessInfo.StartedBy(Environment.ProcessId), TimeSpan.FromSeconds(20));
        survivors.ShouldBeEmpty(string.Join("; ", survivors.Select(pid => $"{pid} {ProcessInfo.CommandLine(pid)}")));
    }

    public void Dispose() => _temp.Dispose();

    private static async Task<JsonElement> WaitForEmailAsync(HttpClient mail, string recipient, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var emails = await mail.GetFromJsonAsync<JsonElement>(new Uri("/api/email", UriKind.Relative), TestContext.Current.CancellationToken);
            foreach (var email in emails.EnumerateArray())
            {
                if (email.GetProperty("to").EnumerateArray().Any(to => to.GetProperty("address").GetString() == recipient))
                {
                    return email;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"No e-mail to {recipient} within {timeout.TotalSeconds:0} s; the inbox held: {emails}");
            }

            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
    }

    private static async Task<IReadOnlyList<int>> WaitForExitAsync(IReadOnlyList<int> processes, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (processes.Any(ProcessInfo.IsRunning) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        return [.. processes.Where(ProcessInfo.IsRunning)];
    }
}
