using System.Text.Json;
using FaceAspire.Api.Analysis;
using FaceAspire.Api.Faces;
using FaceAspire.Api.Rekognition;
using FaceAspire.Api.Storage;
using static FaceAspire.Api.Tests.Rekognition.RekognitionEngineTests;

namespace FaceAspire.Api.Tests.Rekognition;

/// <summary>
/// The Rekognition face matcher's calls against responses as Rekognition's API reference shows them (IndexFaces,
/// CreateCollection, SearchFaces, CompareFaces, DeleteFaces, DeleteCollection), and its throttling and error answers,
/// from a stand-in that checks every request's signature. The same calls against a real endpoint: RekognitionFacesTests.
/// </summary>
public sealed class RekognitionMatcherTests
{
    private static readonly Guid Owner = Guid.Parse("0194a6a2-7f4e-7a3c-9a57-2f1f6a0e3b21");

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>IndexFaces' example response: one indexed face, one left out, plus a member FaceAspire does not model.</summary>
    private const string IndexFacesExample = """
        {"FaceModelVersion":"6.0","OrientationCorrection":"ROTATE_0",
         "FaceRecords":[{"Face":{"BoundingBox":{"Height":0.33481481671333313,"Left":0.31888890266418457,"Top":0.4933333396911621,"Width":0.25},
           "Confidence":99.9991226196289,"FaceId":"ff43d742-0c13-5d16-a3e8-03d3f58e980b","ImageId":"465f4e93-763e-51d0-b030-b9667a2d94b1",
           "ExternalImageId":"myphotoid"},
          "FaceDetail":{"BoundingBox":{"Height":0.33481481671333313,"Left":0.31888890266418457,"Top":0.4933333396911621,"Width":0.25},
           "Confidence":99.9991226196289,"Landmarks":[{"Type":"eyeLeft","X":0.3976764678955078,"Y":0.6248345971107483}],
           "Pose":{"Pitch":-9.713645935058594,"Roll":4.707281112670898,"Yaw":-24.438663482666016},
           "Quality":{"Brightness":29.23358917236328,"Sharpness":80},"AgeRange":{"Low":22,"High":30}}}],
         "UnindexedFaces":[{"Reasons":["EXCEEDS_MAX_FACES"],
          "FaceDetail":{"BoundingBox":{"Height":0.1,"Left":0.7,"Top":0.1,"Width":0.08},"Confidence":99.8}}]}
        """;

    private const string CreateCollectionExample = """{"CollectionArn":"aws:rekognition:us-west-2:123456789012:collection/myphotos","FaceModelVersion":"6.0","StatusCode":200}""";

    [Fact]
    public async Task Analysis_creates_the_collection_on_first_need_and_indexes_with_the_photo_id()
    {
        string? indexed = null;
        var collectionExists = false;
        var (engine, stub) = StandIn((operation, body) =>
        {
            switch (operation)
            {
                case "IndexFaces" when !collectionExists:
                    return (400, """{"__type":"ResourceNotFoundException","message":"The collection id: faceaspire-x does not exist"}""");
                case "IndexFaces":
                    indexed = body;
                    return (200, IndexFacesExample);
                case "CreateCollection":
                    collectionExists = true;
                    return (200, CreateCollectionExample);
                default:
                    return (400, """{"__type":"UnknownOperationException"}""");
            }
        });
        var matcher = Matcher(stub, engine);
        var photo = Guid.CreateVersion7();

        var faces = await matcher.AnalyzeAsync(new PhotoToAnalyze(photo, Owner, TestImages.SampleFace(3), Recognition: true), Cancellation);

        stub.Operations.ShouldBe(["IndexFaces", "CreateCollection", "IndexFaces"]);
        var request = JsonDocument.Parse(indexed!).RootElement;
        request.GetProperty("CollectionId").GetString().ShouldBe($"faceaspire-{Owner:N}");
        request.GetProperty("ExternalImageId").GetString().ShouldBe(photo.ToString("N"));
        request.GetProperty("DetectionAttributes").EnumerateArray().Select(a => a.GetString()).ShouldBe(["ALL"]);
        request.GetProperty("QualityFilter").GetString().ShouldBe("NONE");
        faces.Count.ShouldBe(2);
        faces[0].RekognitionFaceId.ShouldBe("ff43d742-0c13-5d16-a3e8-03d3f58e980b");
        faces[0].Face.Detail.AgeRange!.Low.ShouldBe(22);
        faces[1].RekognitionFaceId.ShouldBeNull("a face Rekognition did not index is still a detected face, without an id");

        // With recognition off nothing is indexed: DetectFaces alone.
        var (detectOnly, detectStub) = StandIn((operation, _) => operation == "DetectFaces"
            ? (200, """{"FaceDetails":[{"BoundingBox":{"Width":0.2,"Height":0.3,"Left":0.1,"Top":0.1},"Confidence":99.0}]}""")
            : (400, """{"__type":"UnknownOperationException"}"""));
        var off = await Matcher(detectStub, detectOnly).AnalyzeAsync(new PhotoToAnalyze(photo, Owner, TestImages.SampleFace(3), Recognition: false), Cancellation);
        detectStub.Operations.ShouldBe(["DetectFaces"]);
        off.ShouldHaveSingleItem().RekognitionFaceId.ShouldBeNull();
    }

    [Fact]
    public async Task Throttling_is_retried_then_left_to_the_job_back_off_and_refusals_fail_clearly()
    {
        var throttles = 1;
        var (engine, stub) = StandIn((_, _) => throttles-- > 0
            ? (400, """{"__type":"ThrottlingException","message":"Rate exceeded"}""")
            : (200, IndexFacesExample));
        (await Matcher(stub, engine).AnalyzeAsync(new PhotoToAnalyze(Guid.CreateVersion7(), Owner, TestImages.SampleFace(3), true), Cancellation)).Count.ShouldBe(2);
        stub.Operations.ShouldBe(["IndexFaces", "IndexFaces"], "one throttled call, retried by the client");

        // Still throttled after the client's retries: a transient failure, which the worker answers with the job's back-off.
        var (busy, busyStub) = StandIn((_, _) => (400, """{"__type":"ProvisionedThroughputExceededException","message":"Provisioned rate exceeded."}"""));
        var transient = await Should.ThrowAsync<FaceMatchingUnavailableException>(
            () => Matcher(busyStub, busy).AnalyzeAsync(new PhotoToAnalyze(Guid.CreateVersion7(), Owner, TestImages.SampleFace(3), true), Cancellation));
        transient.Transient.ShouldBeTrue();
        busyStub.Requests.ShouldBe(1 + RekognitionServiceClient.ThrottlingRetries);

        // A refusal (credentials, permissions) is not retried and says what Rekognition said.
        var (denied, deniedStub) = StandIn((_, _) => (400, """{"__type":"AccessDeniedException","message":"User is not authorized to perform: rekognition:IndexFaces"}"""));
        var refused = await Should.ThrowAsync<FaceMatchingUnavailableException>(
            () => Matcher(deniedStub, denied).AnalyzeAsync(new PhotoToAnalyze(Guid.CreateVersion7(), Owner, TestImages.SampleFace(3), true), Cancellation));
        refused.Transient.ShouldBeFalse();
        refused.Message.ShouldBe("AWS Rekognition answered AccessDeniedException: User is not authorized to perform: rekognition:IndexFaces");
        deniedStub.Requests.ShouldBe(1);

        // An image Rekognition refuses fails the job for good, as with DetectFaces.
        var (badImage, badStub) = StandIn((_, _) => (400, """{"__type":"InvalidImageFormatException","message":"Request has invalid image format"}"""));
        await Should.ThrowAsync<UnusableImageException>(
            () => Matcher(badStub, badImage).AnalyzeAsync(new PhotoToAnalyze(Guid.CreateVersion7(), Owner, TestImages.SampleFace(3), true), Cancellation));
    }

    [Fact]
    public async Task Outbox_keys_delete_faces_and_collections_and_a_missing_collection_counts_as_done()
    {
        var calls = new List<(string Operation, JsonElement Body)>();
        var gone = false;
        var (engine, stub) = StandIn((operation, body) =>
        {
            calls.Add((operation, JsonDocument.Parse(body).RootElement.Clone()));
            return gone
                ? (400, """{"__type":"ResourceNotFoundException","message":"The collection id: x does not exist"}""")
                : operation == "DeleteFaces" ? (200, """{"DeletedFaces":["ff43d742-0c13-5d16-a3e8-03d3f58e980b"]}""") : (200, """{"StatusCode":200}""");
        });
        var matcher = Matcher(stub, engine);
        var keys = matcher.Forget(Owner, ["ff43d742-0c13-5d16-a3e8-03d3f58e980b"]);
        keys.ShouldBe([$"rekognition/faceaspire-{Owner:N}/faces/ff43d742-0c13-5d16-a3e8-03d3f58e980b"]);
        keys.ShouldAllBe(k => ObjectKeys.Validate(k) == k);
        var collection = matcher.Forget(Owner, null).ShouldHaveSingleItem();

        await matcher.DeleteAsync(keys[0], Cancellation);
        await matcher.DeleteAsync(collection, Cancellation);
        gone = true;
        await matcher.DeleteAsync(keys[0], Cancellation);
        await matcher.DeleteAsync(collection, Cancellation);

        calls.Select(c => c.Operation).ShouldBe(["DeleteFaces", "DeleteCollection", "DeleteFaces", "DeleteCollection"]);
        calls[0].Body.GetProperty("FaceIds").EnumerateArray().Select(f => f.GetString()).ShouldBe(["ff43d742-0c13-5d16-a3e8-03d3f58e980b"]);
        calls[1].Body.GetProperty("CollectionId").GetString().ShouldBe($"faceaspire-{Owner:N}");

        // Any other failure stays a failure, so the outbox row is retried with back-off.
        var (down, downStub) = StandIn((_, _) => (500, """{"__type":"InternalServerError","message":"Internal server error"}"""));
        (await Should.ThrowAsync<RekognitionException>(() => Matcher(downStub, down).DeleteAsync(keys[0], Cancellation))).StatusCode.ShouldBe(500);
        await Should.ThrowAsync<ArgumentException>(() => matcher.DeleteAsync("rekognition/x/other/y", Cancellation));
    }

    [Fact]
    public async Task SearchFaces_and_CompareFaces_examples_are_read()
    {
        var (_, stub) = StandIn((operation, _) => operation switch
        {
            "SearchFaces" => (200, """
                {"FaceMatches":[{"Face":{"BoundingBox":{"Height":0.3234420120716095,"Left":0.3233329951763153,"Top":0.5,"Width":0.24222199618816376},
                  "Confidence":99.99829864501953,"ExternalImageId":"myphotoid","FaceId":"38271d79-7bc2-5efb-b752-398a8d575b85",
                  "ImageId":"d5631190-d039-54e4-b267-abd22c8647c5"},"Similarity":99.97036743164062}],
                 "FaceModelVersion":"6.0","SearchedFaceId":"70008e50-75e4-55d0-8e80-363fb73b3a14"}
                """),
            "CompareFaces" => (200, """
                {"FaceMatches":[{"Face":{"BoundingBox":{"Height":0.33481481671333313,"Left":0.31888890266418457,"Top":0.4933333396911621,"Width":0.25},
                  "Confidence":99.9991226196289},"Similarity":100}],
                 "SourceImageFace":{"BoundingBox":{"Height":0.33481481671333313,"Left":0.31888890266418457,"Top":0.4933333396911621,"Width":0.25},
                  "Confidence":99.9991226196289},"UnmatchedFaces":[]}
                """),
            _ => (400, """{"__type":"UnknownOperationException"}"""),
        });
        var client = Client(stub);
        var search = await client.SendAsync<SearchFacesRequest, Api.Rekognition.SearchFacesResponse>("SearchFaces", new SearchFacesRequest("c", "70008e50-75e4-55d0-8e80-363fb73b3a14", 10, 80), Cancellation);
        search.FaceMatches.ShouldHaveSingleItem().Face.FaceId.ShouldBe(Guid.Parse("38271d79-7bc2-5efb-b752-398a8d575b85"));
        search.FaceMatches[0].Similarity.ShouldBe(99.97f, 0.01f);
        var compare = await client.SendAsync<CompareFacesRequest, Api.Rekognition.CompareFacesResponse>("CompareFaces", new CompareFacesRequest(null, null, 80, "NONE"), Cancellation);
        compare.FaceMatches.ShouldHaveSingleItem().Similarity.ShouldBe(100f);
        compare.FaceMatches[0].Face.BoundingBox.Width.ShouldBe(0.25f);
        compare.UnmatchedFaces.ShouldBeEmpty();
    }

    private static RekognitionFaceMatcher Matcher(SignatureCheckingStandIn stub, RekognitionFaceEngine engine) => new(
        Client(stub), engine, Images, new LocalObjectStore(Path.GetTempPath()), new AnalysisRekognitionOptions { Region = "eu-west-1" });
}
