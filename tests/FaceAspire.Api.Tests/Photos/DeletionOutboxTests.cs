using FaceAspire.Api.Infrastructure;
using FaceAspire.Api.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FaceAspire.Api.Tests.Photos;

/// <summary>The local-folder API with its deletion service running on short delays (and a fault injector).</summary>
public sealed class DeletionOutboxFactory(PostgresFixture postgres) : LocalStorageFactory(postgres)
{
    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Storage:Deletions:ServiceEnabled"] = "true";
        settings["Storage:Deletions:RetryDelay"] = "00:00:00.050";
        settings["Storage:Deletions:MaxRetryDelay"] = "00:00:00.200";
        settings["Storage:Deletions:PollInterval"] = "00:00:00.050";
        return settings;
    }
}

/// <summary>Deleting objects through the deletion outbox while the storage folder is broken, and after it is back.</summary>
public sealed class DeletionOutboxTests(DeletionOutboxFactory factory)
    : ApiTest<DeletionOutboxFactory>(factory), IClassFixture<DeletionOutboxFactory>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_delete_while_storage_is_down_is_204_and_its_objects_are_deleted_once_storage_is_back()
    {
        var user = await SignUpAsync();
        var photo = await user.Http.UploadPhotoAsync(TestImages.Jpeg());
        await Factory.Services.GetRequiredService<IObjectStore>()
            .PutAsync(ObjectKeys.Result(photo.Id, "faces-test"), "{\"FaceDetails\":[]}"u8.ToArray(), "application/json", Cancellation);
        var keys = await Factory.StoredKeysAsync();
        keys.Count.ShouldBe(4);

        var aside = BreakStorage();
        try
        {
            (await user.Http.DeleteAsync($"/api/photos/{photo.Id}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
            (await user.Http.GetAsync($"/api/photos/{photo.Id}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await user.Http.DeleteAsync($"/api/photos/{photo.Id}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

            // The deletion service keeps trying while storage is down, and the objects stay where they are.
            var pending = await WaitForAsync(async () =>
            {
                var rows = await PendingAsync();
                return rows.Count == 4 && rows.All(d => d.Attempts >= 2) ? rows : null;
            });
            pending.Select(d => d.Key).ShouldBe(
                [ObjectKeys.Original(photo.Id), ObjectKeys.Display(photo.Id), ObjectKeys.Thumbnail(photo.Id), ObjectKeys.ResultsFolder(photo.Id)],
                ignoreOrder: true);
            pending.ShouldAllBe(d => d.LastError!.StartsWith("The storage folder cannot be used"));
            KeysUnder(aside).ShouldBe(keys, ignoreOrder: true);
        }
        finally
        {
            RestoreStorage(aside);
        }

        await WaitForAsync(async () => (await PendingAsync()).Count == 0 ? "empty" : null);
        (await Factory.StoredKeysAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_objects_of_a_failed_upload_that_storage_cannot_delete_then_are_deleted_once_it_is_back()
    {
        var user = await SignUpAsync();
        string? aside = null;
        // The row insert fails and, in the same instant, storage goes away: the written objects cannot be removed.
        Factory.Faults.Arm(onFailure: () => aside = BreakStorage());
        try
        {
            var response = await user.Http.UploadAsync(TestImages.Jpeg());
            response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
            aside.ShouldNotBeNull();
            var written = KeysUnder(aside);
            written.Count.ShouldBe(3);
            (await PendingAsync()).Select(d => d.Key).ShouldBe(written, ignoreOrder: true);
        }
        finally
        {
            if (aside is not null)
            {
                RestoreStorage(aside);
            }
        }

        await WaitForAsync(async () => (await PendingAsync()).Count == 0 ? "empty" : null);
        (await Factory.StoredKeysAsync()).ShouldBeEmpty();
        await using var scope = Factory.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>().Photos.CountAsync(Cancellation)).ShouldBe(0);
    }

    /// <summary>The storage folder disappears and a file takes its place, as in <see cref="LocalStorageOutageTests"/>.</summary>
    private string BreakStorage()
    {
        var aside = Factory.StorageRoot + ".aside";
        Directory.Move(Factory.StorageRoot, aside);
        File.WriteAllText(Factory.StorageRoot, "not a folder");
        return aside;
    }

    private void RestoreStorage(string aside)
    {
        File.Delete(Factory.StorageRoot);
        Directory.Move(aside, Factory.StorageRoot);
    }

    private static List<string> KeysUnder(string folder) =>
        [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/'))];

    private async Task<List<ObjectDeletion>> PendingAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>().ObjectDeletions.AsNoTracking().ToListAsync(Cancellation);
    }

    /// <summary>Polls until <paramref name="probe"/> returns a value, failing the test after <see cref="Patience"/>.</summary>
    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe)
        where T : class
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, "the condition was not met in time");
            await Task.Delay(50, Cancellation);
        }
    }
}
