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

    /// <summary>An administrator, and a user whose face-free photo was analysed: one alert waits in the outbox.</summary>
    protected async Task<(SignedInClient User, PhotoBody Photo)> FlagFaceFreePhotoAsync()
    {
        await MakeAdminAsync(AdminEmail);
        var user = await SignUpAsync();
        var photo = await user.Http.UploadPhotoAsync(TestImages.Jpeg());
        (await Factory.Services.GetRequiredService<AnalysisWorkerService>().RunOnceAsync(Cancellation)).ShouldBeTrue();
        return (user, photo);
    }

    /// <summary>The one alert outbox row.</summary>
    protected async Task<AlertOutboxEntry> OutboxRowAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>().AlertOutbox.AsNoTracking().SingleAsync(Cancellation);
    }
}
