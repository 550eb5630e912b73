using FaceAspire.Api.Alerts;
using FaceAspire.Api.Analysis;
using FaceAspire.Api.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FaceAspire.Api.Tests.Alerts;

/// <summary>What the tests of each alert transport share: a flagged photo with its alert in the outbox, the dispatcher.</summary>
public abstract class AlertTransportTest<TFactory>(TFactory factory) : ApiTest<TFactory>(factory)
    where TFactory : ApiFactory
{
    protected const string AdminEmail = "admin@example.test";

    protected AlertDispatcherService Dispatcher => Factory.Services.GetRequiredService<AlertDispatcherService>();

    /// <summary>
    /// An administrator, and a user whose face-free photo was analysed: one alert waits in the outbox (the user's welcome
    /// notice was delivered before).
    /// </summary>
    protected async Task<(SignedInClient User, PhotoBody Photo)> FlagFaceFreePhotoAsync()
    {
        await MakeAdminAsync(AdminEmail);
        var user = await SignUpAsync();
        (await Dispatcher.DispatchDueAsync(Cancellation)).ShouldBe(1, "the welcome notice of the sign-up");
        var photo = await user.Http.UploadPhotoAsync(TestImages.Jpeg());
        (await Factory.Services.GetRequiredService<AnalysisWorkerService>().RunOnceAsync(Cancellation)).ShouldBeTrue();
        return (user, photo);
    }

    /// <summary>The one review alert's outbox row.</summary>
    protected async Task<AlertOutboxEntry> OutboxRowAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>().AlertOutbox.AsNoTracking()
            .SingleAsync(a => a.Kind == AlertKinds.ReviewAlert, Cancellation);
    }

    /// <summary>
    /// Registers a new address, then the same address again, and delivers: the transport (whose message bodies
    /// <paramref name="sentBodies"/> lists) gets a welcome and a registration-attempt notice, both naming the account and
    /// neither carrying an e-mail address.
    /// </summary>
    protected async Task RegistrationSendsAccountNoticesWithoutAddressAsync(Func<List<string>> sentBodies)
    {
        var before = sentBodies().Count;
        var email = $"owner-{Guid.NewGuid():N}@example.test";
        using var client = Factory.CreateApiClient();
        foreach (var password in new[] { ApiFactory.GoodPassword, "another " + ApiFactory.GoodPassword })
        {
            (await client.PostAsJsonAsync("/api/auth/register", new { email, password }, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }

        (await Dispatcher.DispatchDueAsync(Cancellation)).ShouldBe(2);

        await using var scope = Factory.Services.CreateAsyncScope();
        var accountId = await scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>().Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(Cancellation);
        var sent = sentBodies().Skip(before).ToList();
        sent.Count.ShouldBe(2);
        foreach (var (json, notice) in sent.Zip([AlertKinds.Welcome, AlertKinds.RegistrationAttempt]))
        {
            json.ShouldNotContain("@");
            using var body = System.Text.Json.JsonDocument.Parse(json);
            body.RootElement.EnumerateObject().Select(p => p.Name).ShouldBe(["noticeId", "notice", "accountId", "createdAt", "kind"], ignoreOrder: true);
            body.RootElement.GetProperty("kind").GetString().ShouldBe(AlertFunctionMessage.AccountNoticeKind);
            body.RootElement.GetProperty("notice").GetString().ShouldBe(notice);
            body.RootElement.GetProperty("accountId").GetGuid().ShouldBe(accountId);
        }
    }
}
