using FaceAspire.Api.Infrastructure;
using FaceAspire.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FaceAspire.Api.Tests.Photos;

/// <summary>The API configured for an S3 endpoint where nothing listens: storage is down for the whole test.</summary>
public sealed class UnreachableS3Factory(PostgresFixture postgres) : ApiFactory(postgres)
{
    private readonly int _closedPort = LocalPostgresServer.FreeTcpPort();

    protected override bool StorageReachable => false;

    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Storage:Provider"] = "S3";
        settings["Storage:S3:ServiceUrl"] = $"http://127.0.0.1:{_closedPort}";
        settings["Storage:S3:Bucket"] = "photos";
        settings["Storage:S3:ForcePathStyle"] = "true";
        settings["Storage:S3:AccessKey"] = "unused";
        settings["Storage:S3:SecretKey"] = "unused";
        return settings;
    }
}

public sealed class S3OutageTests(UnreachableS3Factory factory) : ApiTest<UnreachableS3Factory>(factory), IClassFixture<UnreachableS3Factory>
{
    [Fact]
    public async Task An_upload_while_S3_is_down_is_503_with_retry_after_and_leaves_no_photo()
    {
        var user = await SignUpAsync();
        var response = await user.Http.UploadAsync(TestImages.Jpeg());

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter?.Delta.ShouldBe(TimeSpan.FromSeconds(7));
        (await response.ProblemAsync()).Detail!.ShouldStartWith("Photo storage cannot be reached.");
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>();
        (await db.Photos.CountAsync(Cancellation), await db.AnalysisJobs.CountAsync(Cancellation)).ShouldBe((0, 0));
    }
}

public sealed class LocalStorageOutageTests(ApiFactory factory) : ApiTest<ApiFactory>(factory), IClassFixture<ApiFactory>
{
    [Fact]
    public async Task A_broken_storage_folder_is_503_for_reads_and_writes_and_service_resumes_when_it_is_back()
    {
        var user = await SignUpAsync();
        var photo = await user.Http.UploadPhotoAsync(TestImages.Jpeg());

        // The storage folder disappears and a file takes its place (a failed mount, a full or read-only volume).
        var aside = Factory.StorageRoot + ".aside";
        Directory.Move(Factory.StorageRoot, aside);
        await File.WriteAllTextAsync(Factory.StorageRoot, "not a folder", Cancellation);
        try
        {
            var upload = await user.Http.UploadAsync(TestImages.Jpeg());
            upload.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            upload.Headers.RetryAfter.ShouldNotBeNull();
            var read = await user.Http.GetAsync($"/api/photos/{photo.Id}/content", Cancellation);
            read.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            (await read.ProblemAsync()).Detail!.ShouldStartWith("Photo storage cannot be reached.");
        }
        finally
        {
            File.Delete(Factory.StorageRoot);
            Directory.Move(aside, Factory.StorageRoot);
        }

        (await user.Http.GetAsync($"/api/photos/{photo.Id}/content", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var scope = Factory.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>().Photos.CountAsync(Cancellation)).ShouldBe(1);
    }
}
