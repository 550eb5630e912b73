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

    /// <summary>Registers a new address, then the same address again; returns the account's id.</summary>
    protected async Task<Guid> RegisterTwiceAsync()
    {
        var email = $"owner-{Guid.NewGuid():N}@example.test";
        using var client = Factory.CreateApiClient();
        foreach (var password in new[] { ApiFactory.GoodPassword, "another " + ApiFactory.GoodPassword })
        {
            (await client.PostAsJsonAsync("/api/auth/register", new { email, password }, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }

        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>().Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(Cancellation);
    }

    /// <summary>The body of an account notice as the function receives it: kind, notice and the account's id, and no e-mail address.</summary>
    protected static void ShouldBeAnAccountNoticeWithoutAddress(string json, string notice, Guid accountId)
    {
        json.ShouldNotContain("@");
        using var body = System.Text.Json.JsonDocument.Parse(json);
        body.RootElement.EnumerateObject().Select(p => p.Name).ShouldBe(["noticeId", "notice", "accountId", "createdAt", "kind"], ignoreOrder: true);
        body.RootElement.GetProperty("kind").GetString().ShouldBe(AlertFunctionMessage.AccountNoticeKind);
        body.RootElement.GetProperty("notice").GetString().ShouldBe(notice);
        body.RootElement.GetProperty("accountId").GetGuid().ShouldBe(accountId);
    }
}
