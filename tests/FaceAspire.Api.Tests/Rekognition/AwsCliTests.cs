using System.Text.Json;
using FaceAspire.TestSupport;

namespace FaceAspire.Api.Tests.Rekognition;

/// <summary>
/// Debian's AWS CLI v2, unmodified, against the running API: every operation, and the errors AWS would answer. The
/// demo photos of the face-api package show one family: the largest face of sample 3 is one of the faces of sample 1.
/// </summary>
[Collection(nameof(RekognitionApiCollection))]
public sealed class AwsCliTests(RekognitionApiFactory factory) : ApiTest<RekognitionApiFactory>(factory)
{
    private readonly DirectoryInfo _photos = Directory.CreateTempSubdirectory("faceaspire-aws-cli-");

    public override async ValueTask DisposeAsync()
    {
        _photos.Delete(recursive: true);
        await base.DisposeAsync();
    }

    private string Sample(int number)
    {
        var path = Path.Combine(_photos.FullName, $"sample{number}.jpg");
        if (!File.Exists(path))
        {
            File.WriteAllBytes(path, TestImages.SampleFace(number));
        }

        return "fileb://" + path;
    }

    [Fact]
    public async Task Detect_compare_and_the_collection_lifecycle_work_through_the_cli()
    {
        var user = await Factory.NewUserAsync();
        var aws = user.Cli;

        var detected = Ok(await aws.RunAsync("rekognition", "detect-faces", "--image-bytes", Sample(1)));
        var groupFaces = detected.GetProperty("FaceDetails").GetArrayLength();
        groupFaces.ShouldBeGreaterThan(1);
        var first = detected.GetProperty("FaceDetails")[0];
        first.GetProperty("BoundingBox").GetProperty("Width").GetSingle().ShouldBeInRange(0.01f, 1f);
        first.TryGetProperty("Landmarks", out _).ShouldBeTrue();
        first.TryGetProperty("AgeRange", out _).ShouldBeFalse("DEFAULT attributes leave AgeRange out");

        var compared = Ok(await aws.RunAsync("rekognition", "compare-faces", "--source-image-bytes", Sample(3), "--target-image-bytes", Sample(1), "--similarity-threshold", "80"));
        compared.GetProperty("FaceMatches").GetArrayLength().ShouldBe(1);
        compared.GetProperty("FaceMatches")[0].GetProperty("Similarity").GetSingle().ShouldBeGreaterThan(95f);
        compared.GetProperty("UnmatchedFaces").GetArrayLength().ShouldBe(groupFaces - 1);
        compared.GetProperty("SourceImageFace").GetProperty("Confidence").GetSingle().ShouldBeGreaterThan(50f);

        var created = Ok(await aws.RunAsync("rekognition", "create-collection", "--collection-id", "family"));
        created.GetProperty("StatusCode").GetInt32().ShouldBe(200);
        created.GetProperty("CollectionArn").GetString().ShouldEndWith(":collection/family");

        var group = Ok(await aws.RunAsync("rekognition", "index-faces", "--collection-id", "family", "--image-bytes", Sample(1), "--external-image-id", "group", "--quality-filter", "NONE"));
        var groupRecords = group.GetProperty("FaceRecords");
        groupRecords.GetArrayLength().ShouldBe(groupFaces);
        groupRecords[0].GetProperty("Face").GetProperty("ExternalImageId").GetString().ShouldBe("group");
        group.GetProperty("FaceModelVersion").GetString().ShouldNotBeNullOrEmpty();
        var single = Ok(await aws.RunAsync("rekognition", "index-faces", "--collection-id", "family", "--image-bytes", Sample(3), "--max-faces", "1", "--quality-filter", "NONE"));
        single.GetProperty("FaceRecords").GetArrayLength().ShouldBe(1);
        var singleFace = single.GetProperty("FaceRecords")[0].GetProperty("Face").GetProperty("FaceId").GetString()!;
        single.GetProperty("FaceRecords")[0].GetProperty("Face").TryGetProperty("ExternalImageId", out _).ShouldBeFalse("optional fields are left out, not null");
        var indexed = groupFaces + 1;

        var described = Ok(await aws.RunAsync("rekognition", "describe-collection", "--collection-id", "family"));
        described.GetProperty("FaceCount").GetInt32().ShouldBe(indexed);
        // Sent as epoch seconds; the CLI prints it as a date.
        DateTimeOffset.Parse(described.GetProperty("CreationTimestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBe(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));

        // Paging: with --page-size the CLI follows NextToken by itself; with --max-results it shows one page and its token.
        var listed = Ok(await aws.RunAsync("rekognition", "list-faces", "--collection-id", "family", "--page-size", "2"));
        listed.GetProperty("Faces").EnumerateArray().Select(f => f.GetProperty("FaceId").GetString()).Distinct().Count().ShouldBe(indexed);
        var page = Ok(await aws.RunAsync("rekognition", "list-faces", "--collection-id", "family", "--max-results", "3"));
        page.GetProperty("Faces").GetArrayLength().ShouldBe(3);
        var next = Ok(await aws.RunAsync("rekognition", "list-faces", "--collection-id", "family", "--max-results", "3", "--next-token", page.GetProperty("NextToken").GetString()!));
        next.GetProperty("Faces").GetArrayLength().ShouldBe(indexed - 3);
        next.TryGetProperty("NextToken", out _).ShouldBeFalse();

        var searched = Ok(await aws.RunAsync("rekognition", "search-faces", "--collection-id", "family", "--face-id", singleFace));
        searched.GetProperty("SearchedFaceId").GetString().ShouldBe(singleFace);
        searched.GetProperty("FaceMatches").GetArrayLength().ShouldBe(1);
        var match = searched.GetProperty("FaceMatches")[0];
        match.GetProperty("Similarity").GetSingle().ShouldBeGreaterThan(95f);
        match.GetProperty("Face").GetProperty("ExternalImageId").GetString().ShouldBe("group");

        var byImage = Ok(await aws.RunAsync("rekognition", "search-faces-by-image", "--collection-id", "family", "--image-bytes", Sample(3), "--face-match-threshold", "90", "--max-faces", "5"));
        byImage.GetProperty("SearchedFaceConfidence").GetSingle().ShouldBeGreaterThan(50f);
        byImage.GetProperty("SearchedFaceBoundingBox").GetProperty("Width").GetSingle().ShouldBeInRange(0.01f, 1f);
        var found = byImage.GetProperty("FaceMatches").EnumerateArray().Select(m => m.GetProperty("Face").GetProperty("FaceId").GetString()).ToList();
        found.Count.ShouldBe(2);
        found.ShouldContain(singleFace);
        byImage.GetProperty("FaceMatches")[0].GetProperty("Similarity").GetSingle().ShouldBeGreaterThan(99f);

        var deleted = Ok(await aws.RunAsync("rekognition", "delete-faces", "--collection-id", "family", "--face-ids", singleFace));
        deleted.GetProperty("DeletedFaces").EnumerateArray().Select(f => f.GetString()).ShouldBe([singleFace]);
        Ok(await aws.RunAsync("rekognition", "describe-collection", "--collection-id", "family")).GetProperty("FaceCount").GetInt32().ShouldBe(indexed - 1);

        Ok(await aws.RunAsync("rekognition", "list-collections")).GetProperty("CollectionIds").EnumerateArray().Select(c => c.GetString()).ShouldBe(["family"]);
        Ok(await aws.RunAsync("rekognition", "delete-collection", "--collection-id", "family")).GetProperty("StatusCode").GetInt32().ShouldBe(200);
        (await aws.RunAsync("rekognition", "describe-collection", "--collection-id", "family")).ErrorName.ShouldBe("ResourceNotFoundException");

        // The key was used; listing keys never shows a secret.
        var keys = (await user.Http.GetFromJsonAsync<List<AccessKeyBody>>("/api/access-keys", Cancellation))!;
        keys.ShouldHaveSingleItem().AccessKeyId.ShouldBe(user.Key.AccessKeyId);
        keys[0].SecretAccessKey.ShouldBeNull();
        keys[0].LastUsedAt.ShouldNotBeNull();
    }

    private static JsonElement Ok(AwsCliResult result)
    {
        result.ExitCode.ShouldBe(0, result.Error);
        return result.Json;
    }
}
