using System.Collections.Concurrent;
using FaceAspire.Api.Infrastructure;
using FaceAspire.Api.Privacy;
using FaceAspire.Api.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FaceAspire.Api.Tests.Photos;

/// <summary>PostgreSQL killed with SIGKILL in the middle of a burst of uploads.</summary>
public sealed class DatabaseKillTests(ApiFactory factory) : ApiTest<ApiFactory>(factory), IClassFixture<ApiFactory>
{
    private const int Uploads = 24;
    private const int KillAfterResponses = 6;

    [Fact]
    public async Task Every_upload_of_a_burst_cut_by_a_database_kill_is_stored_whole_or_refused_with_503_and_nothing_is_half_written()
    {
        var server = Factory.Postgres.Server;
        Assert.SkipWhen(server is null, "The database is external (ConnectionStrings__facedb); it cannot be killed by the test.");
        var user = await SignUpAsync();
        var outcomes = new ConcurrentBag<(HttpStatusCode Status, Guid? Photo, bool RetryAfter)>();
        var responses = 0;
        var killed = new TaskCompletionSource();
        using var lanes = new SemaphoreSlim(4);

        var burst = Enumerable.Range(0, Uploads).Select(async i =>
        {
            await lanes.WaitAsync(Cancellation);
            try
            {
                var response = await user.Http.UploadAsync(TestImages.Jpeg(), $"burst-{i}.jpg");
                Guid? photo = response.StatusCode == HttpStatusCode.Created
                    ? (await response.Content.ReadFromJsonAsync<PhotoBody[]>(Cancellation))!.Single().Id
                    : null;
                outcomes.Add((response.StatusCode, photo, response.Headers.RetryAfter is not null));
                if (Interlocked.Increment(ref responses) == KillAfterResponses)
                {
                    // Killed while the other lanes' uploads are in flight: writing objects, or inside their transaction.
                    await server.KillAsync();
                    killed.SetResult();
                }
            }
            finally
            {
                lanes.Release();
            }
        }).ToList();
        try
        {
            await Task.WhenAll(burst);
            await killed.Task;
        }
        finally
        {
            await server.RestartAsync(Cancellation);
        }

        // Every answer is a stored photo or 503 with Retry-After; nothing else (no 500, no hang).
        outcomes.Count.ShouldBe(Uploads);
        outcomes.Where(o => o.Status != HttpStatusCode.Created)
            .ShouldAllBe(o => o.Status == HttpStatusCode.ServiceUnavailable && o.RetryAfter);
        var created = outcomes.Where(o => o.Photo is not null).Select(o => o.Photo!.Value).ToHashSet();
        created.Count.ShouldBeGreaterThanOrEqualTo(KillAfterResponses);
        created.Count.ShouldBeLessThan(Uploads);

        // After recovery and one orphan sweep: the stored photos are exactly the created ones, each with its analysis
        // job and all three objects, and no object of a refused upload is left behind. (An upload whose COMMIT the kill
        // cut cannot know whether its rows were stored, so it leaves its objects to the sweep, which deletes them only
        // where no photo row has them and only once they are older than Privacy:OrphanMinAge: run here two days on.)
        await WaitForDatabaseAsync(user);
        var leftBehind = (await Factory.StoredKeysAsync())
            .Where(key => !created.Any(id => key.StartsWith(ObjectKeys.PhotoFolder(id), StringComparison.Ordinal)))
            .GroupBy(key => key.Split('/')[1]).ToList();
        leftBehind.Count.ShouldBeLessThanOrEqualTo(4, "only uploads in flight at the kill (four lanes) may leave objects");
        leftBehind.ShouldAllBe(folder => folder.Count() == 3, "an upload refused before its COMMIT deletes what it wrote");
        var twoDaysOn = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(2));
        await new PrivacyUpkeepService(
                Factory.Services.GetRequiredService<IServiceScopeFactory>(), Options.Create(new PrivacyOptions()), twoDaysOn,
                NullLogger<PrivacyUpkeepService>.Instance)
            .RunOnceAsync(Cancellation);
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>();
        (await db.Photos.Select(p => p.Id).ToListAsync(Cancellation)).ShouldBe(created, ignoreOrder: true);
        (await db.AnalysisJobs.Select(j => j.PhotoId).ToListAsync(Cancellation)).ShouldBe(created, ignoreOrder: true);
        (await db.ObjectDeletions.CountAsync(Cancellation)).ShouldBe(0);
        var expectedKeys = created.SelectMany(id => new[] { ObjectKeys.Original(id), ObjectKeys.Display(id), ObjectKeys.Thumbnail(id) });
        (await Factory.StoredKeysAsync()).ShouldBe(expectedKeys, ignoreOrder: true);
        foreach (var id in created)
        {
            (await user.Http.GetAsync($"/api/photos/{id}/content", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        (await user.Http.UploadAsync(TestImages.Jpeg())).StatusCode.ShouldBe(HttpStatusCode.Created);
    }
}
