using FaceAspire.Api.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FaceAspire.Api.Tests.Photos;

/// <summary>PostgreSQL goes away under a running API and comes back.</summary>
public sealed class DatabaseOutageTests(ApiFactory factory) : ApiTest<ApiFactory>(factory), IClassFixture<ApiFactory>
{
    [Fact]
    public async Task While_the_database_is_down_requests_get_503_with_retry_after_and_then_it_recovers()
    {
        var server = Factory.Postgres.Server;
        Assert.SkipWhen(server is null, "The database is external (ConnectionStrings__facedb); it cannot be stopped by the test.");
        var user = await SignUpAsync();
        var photo = await user.Http.UploadPhotoAsync(TestImages.Jpeg());
        var keysBefore = await Factory.StoredKeysAsync();

        await server.StopAsync();
        try
        {
            var list = await user.Http.GetAsync("/api/photos", Cancellation);
            list.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            list.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(7));
            (await list.ProblemAsync()).Status.ShouldBe(503);

            var upload = await user.Http.UploadAsync(TestImages.Jpeg());
            upload.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            upload.Headers.RetryAfter.ShouldNotBeNull();

            var delete = await user.Http.DeleteAsync($"/api/photos/{photo.Id}", Cancellation);
            delete.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            delete.Headers.RetryAfter.ShouldNotBeNull();
            (await Factory.StoredKeysAsync()).ShouldBe(keysBefore, ignoreOrder: true);
        }
        finally
        {
            await server.RestartAsync(Cancellation);
        }

        var after = await WaitForDatabaseAsync(user);
        (await after.Content.ReadFromJsonAsync<PageBody<PhotoBody>>(Cancellation))!.TotalCount.ShouldBe(1);

        // The delete refused during the outage changed nothing: the photo is whole, and no deletion is pending.
        (await user.Http.GetAsync(photo.ContentUrl, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Factory.StoredKeysAsync()).ShouldBe(keysBefore, ignoreOrder: true);
        await using var scope = Factory.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>().ObjectDeletions.CountAsync(Cancellation)).ShouldBe(0);
    }
}
