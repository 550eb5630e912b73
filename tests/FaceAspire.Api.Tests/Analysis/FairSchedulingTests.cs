using FaceAspire.Api.Accounts;
using FaceAspire.Api.Analysis;
using FaceAspire.Api.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FaceAspire.Api.Tests.Analysis;

/// <summary>The job claim shares the workers between users: a big queue of one user does not starve the others.</summary>
public sealed class FairSchedulingTests(ManualAnalysisApiFactory factory) : ApiTest<ManualAnalysisApiFactory>(factory), IClassFixture<ManualAnalysisApiFactory>
{
    [Fact]
    public async Task One_users_thousand_queued_photos_delay_another_users_single_photo_by_at_most_one_job_per_worker()
    {
        var heavy = await AddUserAsync();
        var light = await AddUserAsync();
        await QueueAsync(heavy, count: 1000, minutesAgo: 10);

        // Two workers are busy with the heavy user's photos when the other user's single photo arrives.
        var first = await ClaimAsync();
        var second = await ClaimAsync();
        (await OwnerOfAsync(first!.PhotoId)).ShouldBe(heavy);
        (await OwnerOfAsync(second!.PhotoId)).ShouldBe(heavy);
        var single = (await QueueAsync(light, count: 1, minutesAgo: 0)).Single();

        // The next free worker takes it, ahead of 998 older jobs.
        await CompleteAsync(first);
        (await ClaimAsync())!.PhotoId.ShouldBe(single);
    }

    [Fact]
    public async Task Owners_take_turns_and_within_an_owner_the_oldest_job_goes_first()
    {
        var a = await AddUserAsync();
        var b = await AddUserAsync();
        var c = await AddUserAsync();
        var aJobs = await QueueAsync(a, count: 50, minutesAgo: 30);
        var bJobs = await QueueAsync(b, count: 2, minutesAgo: 20);
        var cJobs = await QueueAsync(c, count: 1, minutesAgo: 10);

        var order = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            var job = await ClaimAsync();
            order.Add(job!.PhotoId);
            await CompleteAsync(job);
        }

        // Nobody had been served: the oldest queue goes first, then each owner in turn.
        order.ShouldBe([aJobs[0], bJobs[0], cJobs[0], aJobs[1], bJobs[1], aJobs[2]]);
    }

    [Fact]
    public async Task Concurrent_claims_across_owners_never_take_a_job_twice()
    {
        var queued = new List<Guid>();
        foreach (var minutesAgo in new[] { 3, 2, 1 })
        {
            queued.AddRange(await QueueAsync(await AddUserAsync(), count: 8, minutesAgo));
        }

        // Each claimer finishes its job at once: the factory's one-second lease must not make a job due again.
        var claimed = new List<Guid>();
        for (var round = 0; round < 3; round++)
        {
            var claims = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
            {
                var job = await ClaimAsync();
                if (job is not null)
                {
                    await CompleteAsync(job);
                }

                return job;
            }));
            claimed.AddRange(claims.Where(c => c is not null).Select(c => c!.PhotoId));
        }

        claimed.Count.ShouldBe(24);
        claimed.ShouldBe(queued, ignoreOrder: true);
    }

    private async Task<ClaimedJob?> ClaimAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AnalysisJobStore>().ClaimAsync(Cancellation);
    }

    private async Task<Guid> AddUserAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>();
        var user = new User { Email = $"fair-{Guid.NewGuid():N}@example.test", PasswordHash = "not-used", CreatedAt = DateTimeOffset.UtcNow };
        db.Users.Add(user);
        await db.SaveChangesAsync(Cancellation);
        return user.Id;
    }

    /// <summary>Queues <paramref name="count"/> photos of the owner, requested one millisecond apart; their ids, oldest first.</summary>
    private async Task<List<Guid>> QueueAsync(Guid owner, int count, int minutesAgo)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>();
        var start = DateTimeOffset.UtcNow.AddMinutes(-minutesAgo);
        await db.Database.ExecuteSqlAsync($"""
            WITH added AS (
                INSERT INTO photos ("Id", "OwnerId", "FileName", "ContentType", "Width", "Height", "SizeBytes", "Sha256",
                                    "OriginalKey", "DisplayKey", "ThumbnailKey", "CreatedAt")
                SELECT gen_random_uuid(), {owner}, 'p' || n || '.jpg', 'image/jpeg', 10, 10, 100, repeat('0', 64),
                       'o/' || n, 'd/' || n, 't/' || n, {start} + n * interval '1 millisecond'
                FROM generate_series(1, {count}) AS n
                RETURNING "Id", "CreatedAt")
            INSERT INTO analysis_jobs ("PhotoId", "Status", "Attempts", "RequestedAt", "AvailableAt")
            SELECT "Id", 'pending', 0, "CreatedAt", "CreatedAt" FROM added
            """, Cancellation);
        return await db.Photos.Where(p => p.OwnerId == owner).OrderBy(p => p.CreatedAt).Select(p => p.Id).ToListAsync(Cancellation);
    }

    private async Task CompleteAsync(ClaimedJob job)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>();
        await db.AnalysisJobs.Where(j => j.PhotoId == job.PhotoId)
            .ExecuteUpdateAsync(set => set.SetProperty(j => j.Status, AnalysisStatus.Succeeded), Cancellation);
    }

    private async Task<Guid> OwnerOfAsync(Guid photoId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>();
        return await db.Photos.Where(p => p.Id == photoId).Select(p => p.OwnerId).SingleAsync(Cancellation);
    }
}
