using FaceAspire.Api.Infrastructure;
using FaceAspire.Api.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace FaceAspire.Api.Tests.Photos;

/// <summary>The local-folder API with a <see cref="FaultInjector"/> in every database context.</summary>
public class LocalStorageFactory(PostgresFixture postgres) : ApiFactory(postgres)
{
    public FaultInjector Faults { get; } = new();

    protected override void ConfigureTestServices(IServiceCollection services) =>
        services.AddSingleton<IInterceptor>(Faults);
}

/// <summary>The same API storing objects in s3rver through the AWS SDK.</summary>
public sealed class S3StorageFactory(PostgresFixture postgres) : LocalStorageFactory(postgres)
{
    private S3rverProcess? _s3;

    public override async ValueTask InitializeAsync()
    {
        _s3 = await S3rverProcess.StartAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_s3 is not null)
        {
            await _s3.DisposeAsync();
        }
    }

    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Storage:Provider"] = "S3";
        settings["Storage:S3:ServiceUrl"] = _s3!.ServiceUrl;
        settings["Storage:S3:Bucket"] = S3rverProcess.Bucket;
        settings["Storage:S3:ForcePathStyle"] = "true";
        settings["Storage:S3:AccessKey"] = "S3RVER";
        settings["Storage:S3:SecretKey"] = "S3RVER";
        return settings;
    }
}

/// <summary>The storage guarantees, run against each backend.</summary>
public abstract class StorageBackendTests<TFactory>(TFactory factory) : ApiTest<TFactory>(factory)
    where TFactory : LocalStorageFactory
{
    [Fact]
    public async Task Upload_read_and_delete_round_trip_through_the_backend()
    {
        var user = await SignUpAsync();
        var original = TestImages.SampleFace(2);
        var photo = await user.Http.UploadPhotoAsync(original);

        var keys = await Factory.StoredKeysAsync();
        keys.Count.ShouldBe(3);
        await using (var stored = await Factory.Services.GetRequiredService<IObjectStore>().OpenReadAsync(ObjectKeys.Original(photo.Id), Cancellation))
        {
            using var copy = new MemoryStream();
            await stored!.CopyToAsync(copy, Cancellation);
            copy.ToArray().ShouldBe(original);
        }

        (await user.Http.GetAsync(photo.ContentUrl, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Factory.Services.GetRequiredService<IObjectStore>()
            .PutAsync(ObjectKeys.Result(photo.Id, "faces-test"), "{\"FaceDetails\":[]}"u8.ToArray(), "application/json", Cancellation);
        (await user.Http.DeleteAsync($"/api/photos/{photo.Id}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Factory.StoredKeysAsync()).ShouldBeEmpty();
        await using var scope = Factory.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>().ObjectDeletions.CountAsync(Cancellation)).ShouldBe(0);
    }

    [Fact]
    public async Task A_delete_whose_commit_fails_keeps_the_photo_and_its_objects()
    {
        var user = await SignUpAsync();
        var photo = await user.Http.UploadPhotoAsync(TestImages.Jpeg());
        var keys = await Factory.StoredKeysAsync();
        Factory.Faults.Arm();
        (await user.Http.DeleteAsync($"/api/photos/{photo.Id}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.InternalServerError);

        (await user.Http.GetAsync(photo.ContentUrl, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Factory.StoredKeysAsync()).ShouldBe(keys, ignoreOrder: true);
        await using var scope = Factory.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>().ObjectDeletions.CountAsync(Cancellation)).ShouldBe(0);
    }

    [Fact]
    public async Task A_failure_between_the_object_writes_and_the_row_commit_leaves_neither()
    {
        var user = await SignUpAsync();
        Factory.Faults.Arm();
        var response = await user.Http.UploadAsync(TestImages.Jpeg());
        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        (await response.ProblemAsync()).Detail.ShouldBeNull();

        (await Factory.StoredKeysAsync()).ShouldBeEmpty();
        await using var scope = Factory.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>().Photos.CountAsync(Cancellation)).ShouldBe(0);

        // The next upload works normally.
        await user.Http.UploadPhotoAsync(TestImages.Jpeg());
    }
}

public sealed class LocalStorageTests(LocalStorageFactory factory)
    : StorageBackendTests<LocalStorageFactory>(factory), IClassFixture<LocalStorageFactory>;

public sealed class S3StorageTests(S3StorageFactory factory)
    : StorageBackendTests<S3StorageFactory>(factory), IClassFixture<S3StorageFactory>;
