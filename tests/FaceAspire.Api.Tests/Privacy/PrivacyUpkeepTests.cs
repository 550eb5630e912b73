using FaceAspire.Api.Accounts;
using FaceAspire.Api.Alerts;
using FaceAspire.Api.Infrastructure;
using FaceAspire.Api.Photos;
using FaceAspire.Api.Privacy;
using FaceAspire.Api.Reviews;
using FaceAspire.Api.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FaceAspire.Api.Tests.Privacy;

/// <summary>The privacy upkeep: retention of originals, purges of ended rows, and the sweep of orphaned objects.</summary>
public sealed class PrivacyUpkeepTests(PrivacyFactory factory) : ApiTest<PrivacyFactory>(factory), IClassFixture<PrivacyFactory>
{
    private static readonly byte[] Bytes = "x"u8.ToArray();

    [Fact]
    public async Task Originals_past_retention_go_while_display_image_thumbnail_and_results_stay()
    {
        var user = await SignUpAsync();
        var (old, recent) = (await user.Http.UploadPhotoAsync(TestImages.Jpeg()), await user.Http.UploadPhotoAsync(TestImages.Jpeg()));
        await Store.PutAsync(ObjectKeys.Result(old.Id, "faces-1"), Bytes, "application/json", Cancellation);
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>().Photos.Where(p => p.Id == old.Id)
                .ExecuteUpdateAsync(set => set.SetProperty(p => p.CreatedAt, DateTimeOffset.UtcNow.AddDays(-3)), Cancellation);
        }

        var report = await Upkeep.RunOnceAsync(Cancellation);

        report.OriginalsDeleted.ShouldBe(1);
        var keys = await Factory.StoredKeysAsync();
        keys.ShouldNotContain(ObjectKeys.Original(old.Id));
        keys.ShouldContain(ObjectKeys.Display(old.Id));
        keys.ShouldContain(ObjectKeys.Thumbnail(old.Id));
        keys.ShouldContain(ObjectKeys.Result(old.Id, "faces-1"));
        keys.ShouldContain(ObjectKeys.Original(recent.Id));
        (await user.Http.GetAsync(old.ContentUrl, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Upkeep.RunOnceAsync(Cancellation)).OriginalsDeleted.ShouldBe(0);
    }

    [Fact]
    public async Task Refresh_tokens_and_delivered_alerts_are_purged_once_they_ended_longer_ago_than_the_purge_time()
    {
        var user = await SignUpAsync();
        var photo = await user.Http.UploadPhotoAsync(TestImages.Jpeg());
        var now = DateTimeOffset.UtcNow;
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>();
        var userId = await db.Users.Where(u => u.Email == user.Email).Select(u => u.Id).SingleAsync(Cancellation);
        var review = new ReviewItem { PhotoId = photo.Id, OwnerId = userId, Reason = "no face", CreatedAt = now };
        db.AddRange(
            Token(userId, expires: now.AddDays(-31)),
            Token(userId, expires: now.AddDays(-29)),
            review,
            Alert(photo.Id, review.Id, delivered: now.AddDays(-31)),
            Alert(photo.Id, review.Id, delivered: now.AddDays(-1)),
            Alert(photo.Id, review.Id, delivered: null));
        await db.SaveChangesAsync(Cancellation);

        var report = await Upkeep.RunOnceAsync(Cancellation);

        (report.RefreshTokensPurged, report.AlertsPurged).ShouldBe((1, 1));
        (await db.RefreshTokens.CountAsync(Cancellation)).ShouldBe(2);
        (await db.AlertOutbox.CountAsync(a => a.Kind == AlertKinds.ReviewAlert, Cancellation)).ShouldBe(2);
        (await user.Http.GetAsync("/api/me", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Objects_without_a_photo_row_are_swept_only_when_their_photo_id_is_older_than_the_minimum_age()
    {
        var user = await SignUpAsync();
        var live = await user.Http.UploadPhotoAsync(TestImages.Jpeg());
        var orphan = Guid.CreateVersion7(DateTimeOffset.UtcNow.AddDays(-2));
        var inFlight = Guid.CreateVersion7(DateTimeOffset.UtcNow.AddMinutes(-5));
        var oldWithRow = Guid.CreateVersion7(DateTimeOffset.UtcNow.AddDays(-2));
        foreach (var key in new[] { ObjectKeys.Original(orphan), ObjectKeys.Result(orphan, "faces-1"), ObjectKeys.Original(inFlight), ObjectKeys.Display(oldWithRow), "photos/not-an-id/original" })
        {
            await Store.PutAsync(key, Bytes, "application/octet-stream", Cancellation);
        }

        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>();
            var ownerId = await db.Users.Where(u => u.Email == user.Email).Select(u => u.Id).SingleAsync(Cancellation);
            db.Photos.Add(new Photo
            {
                Id = oldWithRow, OwnerId = ownerId, FileName = "a.jpg", ContentType = "image/jpeg", Sha256 = new string('0', 64),
                OriginalKey = ObjectKeys.Original(oldWithRow), DisplayKey = ObjectKeys.Display(oldWithRow), ThumbnailKey = ObjectKeys.Thumbnail(oldWithRow),
                CreatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync(Cancellation);
        }

        var before = await Factory.StoredKeysAsync();
        var report = await Upkeep.RunOnceAsync(Cancellation);

        report.OrphanFoldersDeleted.ShouldBe(2);
        (await Factory.StoredKeysAsync()).ShouldBe(
            before.Where(k => !k.Contains($"{orphan:N}", StringComparison.Ordinal)), ignoreOrder: true);
        (await user.Http.GetAsync(live.ContentUrl, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private IObjectStore Store => Factory.Services.GetRequiredService<IObjectStore>();

    private PrivacyUpkeepService Upkeep => Factory.Services.GetRequiredService<PrivacyUpkeepService>();

    private static RefreshToken Token(Guid userId, DateTimeOffset expires) => new()
    {
        UserId = userId, FamilyId = Guid.NewGuid(), TokenHash = Guid.NewGuid().ToByteArray(), CreatedAt = expires.AddDays(-14), ExpiresAt = expires,
    };

    private static AlertOutboxEntry Alert(Guid photoId, Guid reviewId, DateTimeOffset? delivered) => new()
    {
        PhotoId = photoId, ReviewId = reviewId, CreatedAt = DateTimeOffset.UtcNow.AddDays(-40), NextAttemptAt = DateTimeOffset.UtcNow, DeliveredAt = delivered,
    };
}
