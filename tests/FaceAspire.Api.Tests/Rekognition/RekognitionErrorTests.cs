using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using FaceAspire.Api.Infrastructure;
using FaceAspire.TestSupport;

namespace FaceAspire.Api.Tests.Rekognition;

/// <summary>
/// Every way a Rekognition request can be refused answers with the AWS error for it (through the AWS CLI where the
/// CLI can make the request, hand-signed where it cannot), and changes nothing.
/// </summary>
[Collection(nameof(RekognitionApiCollection))]
public sealed class RekognitionErrorTests(RekognitionApiFactory factory) : ApiTest<RekognitionApiFactory>(factory)
{
    [Fact]
    public async Task Keys_signatures_dates_and_bodies_that_are_wrong_get_the_aws_errors()
    {
        var user = await Factory.NewUserAsync();
        Ok(await user.Cli.RunAsync("rekognition", "create-collection", "--collection-id", "mine"));

        // The last character changed (a random secret may already end in any given character).
        var secret = user.Key.SecretAccessKey!;
        var wrongSecret = new AwsCli(Factory.Endpoint, user.Key.AccessKeyId, secret[..^1] + (secret[^1] == 'x' ? 'y' : 'x'));
        (await wrongSecret.RunAsync("rekognition", "list-collections")).ErrorName.ShouldBe("InvalidSignatureException");
        var unknownKey = new AwsCli(Factory.Endpoint, "FAKIAAAAAAAAAAAAAAAA", user.Key.SecretAccessKey!);
        (await unknownKey.RunAsync("rekognition", "list-collections")).ErrorName.ShouldBe("UnrecognizedClientException");

        // Another user sees none of the collection, and cannot create, index or delete anything in it.
        var other = await Factory.NewUserAsync();
        (await other.Cli.RunAsync("rekognition", "describe-collection", "--collection-id", "mine")).ErrorName.ShouldBe("ResourceNotFoundException");
        (await other.Cli.RunAsync("rekognition", "delete-collection", "--collection-id", "mine")).ErrorName.ShouldBe("ResourceNotFoundException");
        Ok(await other.Cli.RunAsync("rekognition", "list-collections")).GetProperty("CollectionIds").GetArrayLength().ShouldBe(0);

        // A signature older than 15 minutes, a body that is not JSON, an unknown operation, a bad collection id.
        var expired = await SendAsync(user, "ListCollections", "{}", DateTimeOffset.UtcNow.AddMinutes(-20));
        expired.Name.ShouldBe("InvalidSignatureException");
        expired.Message.ShouldStartWith("Signature expired");
        (await SendAsync(user, "CreateCollection", "{\"CollectionId\": ")).Name.ShouldBe("SerializationException");
        (await SendAsync(user, "CreateCollection", "{\"CollectionId\": 42}")).Name.ShouldBe("SerializationException");
        (await SendAsync(user, "DetectLabels", "{}")).Name.ShouldBe("UnknownOperationException");
        (await SendAsync(user, "CreateCollection", "{\"CollectionId\": \"mine\"}")).Name.ShouldBe("ResourceAlreadyExistsException");
        (await SendAsync(user, "ListFaces", "{\"CollectionId\": \"mine\", \"NextToken\": \"not-a-token\"}")).Name.ShouldBe("InvalidPaginationTokenException");
        (await SendAsync(user, "CreateCollection", "{\"CollectionId\": \"no spaces\"}")).Name.ShouldBe("InvalidParameterException");
        (await SendAsync(user, "CreateCollection", JsonSerializer.Serialize(new { CollectionId = new string('a', 256) }))).Name.ShouldBe("InvalidParameterException");
        (await SendAsync(user, "DetectFaces", "{\"Image\": {}}")).Name.ShouldBe("InvalidParameterException");
        (await SendAsync(user, "DetectFaces", JsonSerializer.Serialize(new { Image = new { Bytes = Encoding.ASCII.GetBytes("not an image") } }))).Name.ShouldBe("InvalidImageFormatException");
        (await SendAsync(user, "DetectFaces", JsonSerializer.Serialize(new { Image = new { Bytes = new byte[(5 * 1024 * 1024) + 1] } }))).Name.ShouldBe("ImageTooLargeException");
        (await SendAsync(user, "SearchFacesByImage", JsonSerializer.Serialize(new { CollectionId = "mine", Image = new { Bytes = TestImages.SampleFace(3) }, MaxFaces = 4097 }))).Name.ShouldBe("InvalidParameterException");
        (await SendAsync(user, "DetectFaces", JsonSerializer.Serialize(new { Image = new { S3Object = new { Bucket = "faceaspire", Name = $"photos/{Guid.NewGuid():N}/original" } } }))).Name.ShouldBe("InvalidS3ObjectException");
        using (var unsigned = new HttpRequestMessage(HttpMethod.Post, Factory.Endpoint))
        {
            unsigned.Headers.Add("X-Amz-Target", "RekognitionService.ListCollections");
            unsigned.Content = new StringContent("{}", Encoding.UTF8, "application/x-amz-json-1.1");
            using var anonymous = new HttpClient();
            var response = await anonymous.SendAsync(unsigned, Cancellation);
            ((int)response.StatusCode).ShouldBe(403);
            (await ErrorAsync(response)).Name.ShouldBe("MissingAuthenticationTokenException");
        }

        // Nothing changed: one collection, still empty; the other user has none.
        Ok(await user.Cli.RunAsync("rekognition", "list-collections")).GetProperty("CollectionIds").EnumerateArray().Select(c => c.GetString()).ShouldBe(["mine"]);
        Ok(await user.Cli.RunAsync("rekognition", "describe-collection", "--collection-id", "mine")).GetProperty("FaceCount").GetInt32().ShouldBe(0);

        // A revoked key stops working at once; the user's other requests are unaffected.
        (await user.Http.DeleteAsync($"/api/access-keys/{user.Key.AccessKeyId}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await user.Cli.RunAsync("rekognition", "list-collections")).ErrorName.ShouldBe("UnrecognizedClientException");
        (await other.Http.DeleteAsync($"/api/access-keys/{user.Key.AccessKeyId}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await user.Http.GetFromJsonAsync<List<AccessKeyBody>>("/api/access-keys", Cancellation))!.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_photo_of_the_user_is_an_s3_object_and_another_users_photo_is_not()
    {
        var owner = await Factory.NewUserAsync();
        var photoId = (await owner.Http.UploadPhotoAsync(TestImages.SampleFace(3), "family.jpg")).Id;
        var image = $"S3Object={{Bucket=faceaspire,Name=photos/{photoId:N}/original}}";

        var detected = Ok(await owner.Cli.RunAsync("rekognition", "detect-faces", "--image", image));
        detected.GetProperty("FaceDetails").GetArrayLength().ShouldBeGreaterThan(0);
        var other = await Factory.NewUserAsync();
        (await other.Cli.RunAsync("rekognition", "detect-faces", "--image", image)).ErrorName.ShouldBe("InvalidS3ObjectException");
    }

    private static JsonElement Ok(AwsCliResult result)
    {
        result.ExitCode.ShouldBe(0, result.Error);
        return result.Json;
    }

    /// <summary>A request signed with the user's key by the product's own signer, for what the CLI will not send.</summary>
    [Fact]
    public async Task A_user_over_the_rate_limit_gets_throttling_exception_and_others_are_not_held_back()
    {
        var busy = await Factory.NewUserAsync();
        for (var i = 0; i < RekognitionApiFactory.PerUserLimit; i++)
        {
            (await SignedAsync(busy, "ListCollections", "{}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var refused = await SignedAsync(busy, "ListCollections", "{}");
        ((int)refused.StatusCode).ShouldBe(400);
        refused.Headers.RetryAfter.ShouldNotBeNull();
        (await ErrorAsync(refused)).Name.ShouldBe("ThrottlingException");

        var other = await Factory.NewUserAsync();
        (await SignedAsync(other, "ListCollections", "{}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private async Task<(string Name, string? Message)> SendAsync(RekognitionUser user, string operation, string body, DateTimeOffset? signedAt = null)
    {
        var response = await SignedAsync(user, operation, body, signedAt);
        response.StatusCode.ShouldNotBe(HttpStatusCode.OK);
        return await ErrorAsync(response);
    }

    private async Task<HttpResponseMessage> SignedAsync(RekognitionUser user, string operation, string body, DateTimeOffset? signedAt = null)
    {
        using var request = AwsQuerySigner.CreatePost(
            Factory.Endpoint, body, new ImmutableCredentials(user.Key.AccessKeyId, user.Key.SecretAccessKey, null), "eu-west-1", "rekognition",
            signedAt ?? DateTimeOffset.UtcNow, "application/x-amz-json-1.1",
            new Dictionary<string, string> { ["X-Amz-Target"] = "RekognitionService." + operation });
        return await user.Http.SendAsync(request, Cancellation);
    }

    private static async Task<(string Name, string? Message)> ErrorAsync(HttpResponseMessage response)
    {
        response.Content.Headers.ContentType.ShouldBe(MediaTypeHeaderValue.Parse("application/x-amz-json-1.1"));
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation)).RootElement;
        response.Headers.GetValues("x-amzn-ErrorType").Single().ShouldBe(error.GetProperty("__type").GetString());
        return (error.GetProperty("__type").GetString()!, error.TryGetProperty("message", out var message) ? message.GetString() : null);
    }
}
