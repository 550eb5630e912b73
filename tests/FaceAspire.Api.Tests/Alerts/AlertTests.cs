using FaceAspire.Api.Alerts;
using FaceAspire.Api.Analysis;
using FaceAspire.Api.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

namespace FaceAspire.Api.Tests.Alerts;

/// <summary>The API wired to the real alert function (own process) and MailDev; tests drive the worker and dispatcher.</summary>
public sealed class AlertsApiFactory(PostgresFixture postgres) : ApiFactory(postgres)
{
    public const string PublicBaseUrl = "https://faces.example.test";
    private AlertFunctionHost? _host;

    public AlertFunctionHost Host => _host!;

    public override async ValueTask InitializeAsync()
    {
        _host = new AlertFunctionHost(Postgres.ConnectionString);
        await _host.StartAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        // Resolved by service discovery from http://alertfunction, as the AppHost's WithReference provides it.
        settings["services:alertfunction:http:0"] = _host!.FunctionUrl;
        settings["AlertFunction:ApiKey"] = AlertFunctionHost.ApiKey;
        settings["App:PublicBaseUrl"] = PublicBaseUrl;
        settings["Alerts:RetryDelay"] = "00:00:00.200";
        return settings;
    }

    protected override void ConfigureTestServices(IServiceCollection services) =>
        // Keep the in-call retries of the resilience handler short so a refused connection fails the attempt quickly.
        services.Configure<HttpStandardResilienceOptions>($"{nameof(IAlertSender)}-standard", options =>
        {
            options.Retry.Delay = TimeSpan.FromMilliseconds(20);
            options.Retry.MaxRetryAttempts = 1;
        });
}

public sealed class AlertTests(AlertsApiFactory factory) : ApiTest<AlertsApiFactory>(factory), IClassFixture<AlertsApiFactory>
{
    private AlertDispatcherService Dispatcher => Factory.Services.GetRequiredService<AlertDispatcherService>();

    [Fact]
    public async Task A_face_free_photo_emails_every_administrator_a_link_to_its_review()
    {
        var admins = AlertFunctionHost.Administrators;
        foreach (var admin in admins)
        {
            await MakeAdminAsync(admin);
        }

        var user = await SignUpAsync();
        var photo = await user.Http.UploadPhotoAsync(TestImages.Jpeg());
        await AnalyseAsync();
        var review = await SingleReviewAsync();

        (await Dispatcher.DispatchDueAsync(Cancellation)).ShouldBe(1);
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var row = await scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>().AlertOutbox.SingleAsync(Cancellation);
            (row.ReviewId, row.PhotoId, row.Attempts, row.LastError).ShouldBe((review, photo.Id, 1, (string?)null));
            row.DeliveredAt.ShouldNotBeNull();
        }

        foreach (var admin in admins)
        {
            var mail = (await WaitForEmailsAsync(admin, photo.Id, 1)).Single();
            mail.Text.ShouldContain($"{AlertsApiFactory.PublicBaseUrl}/admin/reviews/{review}");
            mail.Attachments.ShouldContain("image/jpeg");
        }

        (await Factory.Host.EmailsToAsync(user.Email)).ShouldBeEmpty();
        (await Dispatcher.DispatchDueAsync(Cancellation)).ShouldBe(0);
    }

    [Fact]
    public async Task While_the_alert_function_is_down_the_outbox_keeps_the_alert_and_delivers_it_later()
    {
        await MakeAdminAsync(AlertFunctionHost.Administrators[0]);
        var user = await SignUpAsync();
        var photo = await user.Http.UploadPhotoAsync(TestImages.Jpeg());
        await AnalyseAsync();

        await Factory.Host.StopFunctionAsync();
        try
        {
            (await Dispatcher.DispatchDueAsync(Cancellation)).ShouldBe(0);
            await using var scope = Factory.Services.CreateAsyncScope();
            var row = await scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>().AlertOutbox.SingleAsync(Cancellation);
            row.DeliveredAt.ShouldBeNull();
            row.Attempts.ShouldBe(1);
            row.LastError.ShouldNotBeNullOrEmpty();
        }
        finally
        {
            await Factory.Host.StartFunctionAsync();
        }

        // Exponential back-off: the second attempt waits RetryDelay (0.2 s) after the first failure.
        await Task.Delay(300, Cancellation);
        (await Dispatcher.DispatchDueAsync(Cancellation)).ShouldBe(1);
        (await WaitForEmailsAsync(AlertFunctionHost.Administrators[0], photo.Id, 1)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Without_any_administrator_the_alert_waits_in_the_outbox()
    {
        var user = await SignUpAsync();
        await user.Http.UploadPhotoAsync(TestImages.Jpeg());
        await AnalyseAsync();
        (await Dispatcher.DispatchDueAsync(Cancellation)).ShouldBe(0);
        await using var scope = Factory.Services.CreateAsyncScope();
        var row = await scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>().AlertOutbox.SingleAsync(Cancellation);
        row.DeliveredAt.ShouldBeNull();
        row.LastError!.ShouldContain("administrator");
    }

    [Fact]
    public async Task Re_analysing_a_flagged_photo_opens_no_second_review_and_sends_no_second_alert()
    {
        var admin = AlertFunctionHost.Administrators[0];
        await MakeAdminAsync(admin);
        var user = await SignUpAsync();
        var photo = await user.Http.UploadPhotoAsync(TestImages.Jpeg());
        await AnalyseAsync();
        var review = await SingleReviewAsync();
        (await Dispatcher.DispatchDueAsync(Cancellation)).ShouldBe(1);
        (await WaitForEmailsAsync(admin, photo.Id, 1)).Count.ShouldBe(1);

        // The owner asks again while the review is open: the same item notes it, and nothing new is queued.
        await ReanalyseAsync(user, photo.Id);
        (await Dispatcher.DispatchDueAsync(Cancellation)).ShouldBe(0);
        (await SingleReviewAsync()).ShouldBe(review);
        (await AuditAsync(review)).ShouldBe([("system", "opened"), ("system", "reanalysed")]);

        // An administrator decides; a later re-analysis with the same finding leaves the decision standing, silently.
        var adminClient = Factory.CreateApiClient();
        adminClient.DefaultRequestHeaders.Authorization = new("Bearer", await adminClient.LoginAsync(admin, ApiFactory.GoodPassword));
        (await adminClient.PostAsJsonAsync($"/api/admin/reviews/{review}/decision", new { decision = "reviewed" }, Cancellation))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        await ReanalyseAsync(user, photo.Id);
        (await Dispatcher.DispatchDueAsync(Cancellation)).ShouldBe(0);
        (await AuditAsync(review)).ShouldBe([("system", "opened"), ("system", "reanalysed"), (admin, "reviewed"), ("system", "reanalysed")]);

        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>();
            (await db.ReviewItems.SingleAsync(Cancellation)).Status.ShouldBe("reviewed");
            (await db.AlertOutbox.CountAsync(Cancellation)).ShouldBe(1);
            (await db.AnalysisJobs.SingleAsync(Cancellation)).FaceCount.ShouldBe(0);
        }

        (await Factory.Host.EmailsToAsync(admin)).Count(e => e.Subject.Contains(photo.Id.ToString(), StringComparison.Ordinal)).ShouldBe(1);
    }

    private async Task AnalyseAsync() =>
        (await Factory.Services.GetRequiredService<AnalysisWorkerService>().RunOnceAsync(Cancellation)).ShouldBeTrue();

    /// <summary>Requests a new analysis as the owner does and lets the worker run it.</summary>
    private async Task ReanalyseAsync(SignedInClient owner, Guid photoId)
    {
        (await owner.Http.PostAsync($"/api/photos/{photoId}/analysis", null, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await AnalyseAsync();
        (await owner.Http.GetFromJsonAsync<AnalysisBody>($"/api/photos/{photoId}/analysis", Cancellation))!.Status.ShouldBe("succeeded");
    }

    private async Task<List<(string Actor, string Action)>> AuditAsync(Guid review)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var entries = await scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>().ReviewAudit
            .Where(a => a.ReviewId == review).OrderBy(a => a.At).ThenBy(a => a.Id)
            .Select(a => new { a.ActorEmail, a.Action })
            .ToListAsync(Cancellation);
        return [.. entries.Select(a => (a.ActorEmail, a.Action))];
    }

    private async Task<Guid> SingleReviewAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>().ReviewItems.SingleAsync(Cancellation)).Id;
    }

    /// <summary>The e-mails to <paramref name="recipient"/> about the photo (the function's administrators get every test's alerts).</summary>
    private async Task<List<(string Subject, string Text, List<string> Attachments)>> WaitForEmailsAsync(string recipient, Guid photoId, int count)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(10); ; await Task.Delay(100, Cancellation))
        {
            var emails = (await Factory.Host.EmailsToAsync(recipient)).Where(e => e.Subject.Contains(photoId.ToString(), StringComparison.Ordinal)).ToList();
            if (emails.Count >= count || DateTime.UtcNow > deadline)
            {
                emails.Count.ShouldBe(count);
                return emails;
            }
        }
    }
}
