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

        (await Dispatcher.DispatchDueAsync(Cancellation)).ShouldBe(2, "the user's welcome notice and the alert");
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var row = await ReviewAlertRows(scope).SingleAsync(Cancellation);
            (row.ReviewId, row.PhotoId, row.Attempts, row.LastError).ShouldBe((review, photo.Id, 1, (string?)null));
            row.DeliveredAt.ShouldNotBeNull();
        }

        foreach (var admin in admins)
        {
            var mail = (await WaitForEmailsAsync(admin, photo.Id, 1)).Single();
            mail.Text.ShouldContain($"{AlertsApiFactory.PublicBaseUrl}/admin/reviews/{review}");
            mail.Attachments.ShouldContain("image/jpeg");
        }

        (await WaitForEmailsAsync(user.Email, 1)).Select(e => e.Subject).ShouldBe(["Your FaceAspire account is ready"], "the owner is never told about the review");
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
            var row = await ReviewAlertRows(scope).SingleAsync(Cancellation);
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
        (await Dispatcher.DispatchDueAsync(Cancellation)).ShouldBe(2, "the user's welcome notice and the alert");
        (await WaitForEmailsAsync(AlertFunctionHost.Administrators[0], photo.Id, 1)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Without_any_administrator_account_the_alert_still_reaches_the_functions_configured_administrators()
    {
        var user = await SignUpAsync();
        var photo = await user.Http.UploadPhotoAsync(TestImages.Jpeg());
        await AnalyseAsync();

        (await Dispatcher.DispatchDueAsync(Cancellation)).ShouldBe(2, "the user's welcome notice and the alert");

        (await WaitForEmailsAsync(AlertFunctionHost.Administrators[0], photo.Id, 1)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_new_address_is_welcomed_and_registering_it_again_tells_its_owner_once_per_interval()
    {
        var owner = await SignUpAsync();
        (await Dispatcher.DispatchDueAsync(Cancellation)).ShouldBe(1);
        var welcome = (await WaitForEmailsAsync(owner.Email, 1)).Single();
        welcome.Subject.ShouldBe("Your FaceAspire account is ready");
        welcome.Text.ShouldContain($"{AlertsApiFactory.PublicBaseUrl}/signin");

        // Someone registers the address again, twice: 202 both times, and the owner hears of it once.
        await RegisterAsync(owner.Email, "someone else's password 1");
        await RegisterAsync(owner.Email, "someone else's password 2");
        (await Dispatcher.DispatchDueAsync(Cancellation)).ShouldBe(1);
        var notices = await WaitForEmailsAsync(owner.Email, 2);
        notices.Count(e => e.Subject == "Someone tried to create a FaceAspire account with your address").ShouldBe(1);
        notices.Single(e => e.Subject.StartsWith("Someone tried", StringComparison.Ordinal)).Text.ShouldContain($"{AlertsApiFactory.PublicBaseUrl}/signin");
        await RegisterAsync(owner.Email, "someone else's password 3");
        (await Dispatcher.DispatchDueAsync(Cancellation)).ShouldBe(0);
        (await owner.Http.GetAsync("/api/me", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Factory.CreateApiClient().LoginAsync(owner.Email, ApiFactory.GoodPassword)).ShouldNotBeNullOrEmpty("the account is unchanged");

        // An interval (Accounts:RegistrationNoticeInterval, one hour) later, a new attempt is reported again.
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>().Users.Where(u => u.Email == owner.Email)
                .ExecuteUpdateAsync(set => set.SetProperty(u => u.RegistrationNoticeAt, DateTimeOffset.UtcNow.AddMinutes(-61)), Cancellation);
        }

        await RegisterAsync(owner.Email, "someone else's password 4");
        (await Dispatcher.DispatchDueAsync(Cancellation)).ShouldBe(1);
        (await WaitForEmailsAsync(owner.Email, 3)).Count(e => e.Subject.StartsWith("Someone tried", StringComparison.Ordinal)).ShouldBe(2);
        (await Factory.Host.EmailsToAsync(AlertFunctionHost.Administrators[0])).ShouldNotContain(
            e => e.Subject == "Your FaceAspire account is ready" || e.Subject.StartsWith("Someone tried", StringComparison.Ordinal),
            "account notices go to the account's owner only");
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
        (await Dispatcher.DispatchDueAsync(Cancellation)).ShouldBe(2, "the user's welcome notice and the alert");
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
            (await ReviewAlertRows(scope).CountAsync(Cancellation)).ShouldBe(1);
            (await db.AnalysisJobs.SingleAsync(Cancellation)).FaceCount.ShouldBe(0);
        }

        (await Factory.Host.EmailsToAsync(admin)).Count(e => e.Subject.Contains(photo.Id.ToString(), StringComparison.Ordinal)).ShouldBe(1);
    }

    private static IQueryable<AlertOutboxEntry> ReviewAlertRows(AsyncServiceScope scope) =>
        scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>().AlertOutbox.Where(a => a.Kind == AlertKinds.ReviewAlert);

    private async Task RegisterAsync(string email, string password)
    {
        using var client = Factory.CreateApiClient();
        (await client.PostAsJsonAsync("/api/auth/register", new { email, password }, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
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
    private Task<List<(string Subject, string Text, List<string> Attachments)>> WaitForEmailsAsync(string recipient, Guid photoId, int count) =>
        WaitForEmailsAsync(recipient, count, e => e.Subject.Contains(photoId.ToString(), StringComparison.Ordinal));

    /// <summary>Waits until <paramref name="recipient"/> has <paramref name="count"/> (matching) e-mails, and no more.</summary>
    private async Task<List<(string Subject, string Text, List<string> Attachments)>> WaitForEmailsAsync(
        string recipient, int count, Func<(string Subject, string Text, List<string> Attachments), bool>? match = null)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(10); ; await Task.Delay(100, Cancellation))
        {
            var emails = (await Factory.Host.EmailsToAsync(recipient)).Where(match ?? (_ => true)).ToList();
            if (emails.Count >= count || DateTime.UtcNow > deadline)
            {
                emails.Count.ShouldBe(count);
                return emails;
            }
        }
    }
}
