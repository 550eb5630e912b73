using System.Net.Http.Headers;
using System.Text;
using FaceAspire.Api.Analysis;
using FaceAspire.Api.Faces;
using FaceAspire.Api.Imaging;
using FaceAspire.Api.Infrastructure;
using FaceAspire.Api.Rekognition;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FaceAspire.Api.Tests.Rekognition;

/// <summary>
/// The Rekognition engine (<c>Analysis:Engine=Rekognition</c>): its client against FaceAspire's own Rekognition-compatible
/// endpoint, and against responses in the shapes of Rekognition's API reference (a DetectFaces result with members
/// FaceAspire does not model, throttling and error bodies) answered by a stand-in that checks each request's signature.
/// </summary>
[Collection(nameof(RekognitionApiCollection))]
public sealed class RekognitionEngineTests(RekognitionApiFactory factory) : ApiTest<RekognitionApiFactory>(factory)
{
    [Fact]
    public async Task The_engine_analyses_through_a_rekognition_compatible_endpoint()
    {
        var user = await Factory.NewUserAsync();
        using var http = new HttpClient();
        var engine = new RekognitionFaceEngine(
            new RekognitionServiceClient(
                http,
                new AwsEndpointOptions { ServiceUrl = Factory.Endpoint.ToString(), Region = "eu-west-1", AccessKey = user.Key.AccessKeyId, SecretKey = user.Key.SecretAccessKey },
                TimeProvider.System),
            Images);

        var faces = await Task.Run(() => engine.Analyze(TestImages.SampleFace(1), Cancellation), Cancellation);
        faces.Count.ShouldBeGreaterThan(1);
        faces.ShouldAllBe(f => f.Embedding == null && f.Detail.AgeRange != null && f.Detail.Emotions != null);
        faces.Select(f => f.RelativeArea).ShouldBeInOrder(SortDirection.Descending);
        engine.Version.ShouldBe("aws-rekognition");
        engine.ProducesDescriptors.ShouldBeFalse();
        Should.Throw<UnusableImageException>(() => engine.Analyze(Encoding.ASCII.GetBytes("not an image"), Cancellation));
    }

    [Fact]
    public void The_switch_puts_rekognition_behind_the_analysis()
    {
        using var configured = Factory.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Analysis:Engine", "Rekognition");
            builder.UseSetting("Analysis:Rekognition:Region", "eu-west-1");
        });
        configured.Services.GetRequiredService<IFaceEngine>().ShouldBeOfType<RekognitionFaceEngine>();
        configured.Services.GetRequiredService<IFaceMatcher>().ShouldBeOfType<RekognitionFaceMatcher>();
        Factory.Services.GetRequiredService<IFaceEngine>().ShouldBeOfType<VisionFaceEngine>();
        Factory.Services.GetRequiredService<IFaceMatcher>().ShouldBeOfType<LocalFaceMatcher>();

        // A collection prefix that cannot start a collection id stops the start with the reason.
        using var badPrefix = Factory.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Analysis:Engine", "Rekognition");
            builder.UseSetting("Analysis:Rekognition:CollectionPrefix", "Bad Prefix");
        });
        Should.Throw<OptionsValidationException>(() => badPrefix.Services.GetRequiredService<IOptions<AnalysisOptions>>().Value)
            .Message.ShouldContain("CollectionPrefix");
    }

    /// <summary>A DetectFaces response as Rekognition's reference shows one, including EyeDirection and FaceOccluded.</summary>
    private const string DetectFacesExample = """
        {"FaceDetails":[
          {"BoundingBox":{"Width":0.1,"Height":0.2,"Left":0.6,"Top":0.1},"Confidence":99.9,
           "Landmarks":[{"Type":"eyeLeft","X":0.63,"Y":0.18}],"Pose":{"Roll":-1.5,"Yaw":4.2,"Pitch":2.1},
           "Quality":{"Brightness":80.5,"Sharpness":92.2}},
          {"BoundingBox":{"Width":0.3,"Height":0.4,"Left":0.1,"Top":0.2},"AgeRange":{"Low":25,"High":35},
           "Smile":{"Value":true,"Confidence":98.1},"Eyeglasses":{"Value":false,"Confidence":97.2},
           "Sunglasses":{"Value":false,"Confidence":99.0},"Gender":{"Value":"Female","Confidence":99.2},
           "Beard":{"Value":false,"Confidence":96.3},"Mustache":{"Value":false,"Confidence":98.8},
           "EyesOpen":{"Value":true,"Confidence":97.7},"MouthOpen":{"Value":true,"Confidence":91.4},
           "Emotions":[{"Type":"HAPPY","Confidence":95.2},{"Type":"CALM","Confidence":2.1}],
           "Landmarks":[{"Type":"eyeLeft","X":0.2,"Y":0.3},{"Type":"eyeRight","X":0.3,"Y":0.3}],
           "Pose":{"Roll":1.0,"Yaw":-3.0,"Pitch":5.0},"Quality":{"Brightness":70.1,"Sharpness":86.9},
           "Confidence":99.99,"FaceOccluded":{"Value":false,"Confidence":99.1},
           "EyeDirection":{"Yaw":2.5,"Pitch":-1.5,"Confidence":98.7}}
        ]}
        """;

    [Fact]
    public void Rekognitions_documented_responses_and_errors_are_understood()
    {
        var (engine, stub) = StandIn(200, DetectFacesExample);
        var faces = engine.Analyze(TestImages.SampleFace(3), Cancellation);
        stub.Requests.ShouldBe(1);
        faces.Count.ShouldBe(2);
        faces[0].Detail.AgeRange.ShouldBe(new Vision.Rekognition.AgeRange(25, 35), "largest face first");
        faces[0].Detail.Gender!.Value.ShouldBe("Female");
        faces[0].Detail.Emotions!.Count.ShouldBe(2);
        faces[1].Detail.AgeRange.ShouldBeNull();

        // Throttling and service errors stay errors, so the worker retries; AWS's namespaced __type is understood.
        var throttled = Should.Throw<RekognitionException>(() => StandIn(400, """{"__type":"ThrottlingException","message":"Rate exceeded"}""").Engine.Analyze(TestImages.SampleFace(3), Cancellation));
        throttled.ErrorName.ShouldBe("ThrottlingException");
        throttled.Message.ShouldBe("Rate exceeded");
        Should.Throw<RekognitionException>(() => StandIn(400, """{"__type":"com.amazonaws.rekognition#ProvisionedThroughputExceededException","Message":"Provisioned rate exceeded."}""").Engine.Analyze(TestImages.SampleFace(3), Cancellation))
            .ErrorName.ShouldBe("ProvisionedThroughputExceededException");
        Should.Throw<RekognitionException>(() => StandIn(500, """{"__type":"InternalServerError","message":"Internal server error"}""").Engine.Analyze(TestImages.SampleFace(3), Cancellation))
            .StatusCode.ShouldBe(500);
        Should.Throw<RekognitionException>(() => StandIn(400, """{"__type":"UnrecognizedClientException","message":"The security token included in the request is invalid."}""").Engine.Analyze(TestImages.SampleFace(3), Cancellation))
            .ErrorName.ShouldBe("UnrecognizedClientException");

        // Images Rekognition refuses are unusable for good: the job fails instead of retrying. Bytes that are no image
        // are refused before any call (an image over 5 MB is sent re-encoded: RekognitionFacesTests).
        Should.Throw<UnusableImageException>(() => StandIn(400, """{"__type":"InvalidImageFormatException","message":"Request has invalid image format"}""").Engine.Analyze(TestImages.SampleFace(3), Cancellation));
        Should.Throw<UnusableImageException>(() => StandIn(400, """{"__type":"ImageTooLargeException","message":"Image size is too large."}""").Engine.Analyze(TestImages.SampleFace(3), Cancellation));
        Should.Throw<UnusableImageException>(() => StandIn(200, "{}").Engine.Analyze(new byte[(5 * 1024 * 1024) + 1], Cancellation));
    }

    internal static ImageProcessor Images { get; } = new(Options.Create(new ImagingOptions()));

    private static (RekognitionFaceEngine Engine, SignatureCheckingStandIn Stub) StandIn(int status, string body) =>
        StandIn((operation, _) => operation == "DetectFaces" ? (status, body) : (400, """{"__type":"UnknownOperationException"}"""));

    /// <summary>An engine (and its client) whose Rekognition is a stand-in answering each operation as <paramref name="answer"/> says.</summary>
    internal static (RekognitionFaceEngine Engine, SignatureCheckingStandIn Stub) StandIn(Func<string, string, (int Status, string Body)> answer)
    {
        var stub = new SignatureCheckingStandIn(answer);
        return (new RekognitionFaceEngine(Client(stub), Images), stub);
    }

    internal static RekognitionServiceClient Client(SignatureCheckingStandIn stub) => new(
        new HttpClient(stub),
        new AwsEndpointOptions { Region = "eu-west-1", AccessKey = "AKIDEXAMPLE", SecretKey = SignatureCheckingStandIn.Secret },
        TimeProvider.System)
    {
        ThrottlingDelay = TimeSpan.FromMilliseconds(5),
    };

    /// <summary>
    /// Answers each request as the script says (operation and request body in, status and body out) after checking
    /// that it is a correctly signed Rekognition call to AWS's endpoint; records the operations called.
    /// </summary>
    internal sealed class SignatureCheckingStandIn(Func<string, string, (int Status, string Body)> answer) : HttpMessageHandler
    {
        public const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

        public List<string> Operations { get; } = [];

        public int Requests => Operations.Count;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.RequestUri.ShouldBe(new Uri("https://rekognition.eu-west-1.amazonaws.com/"));
            var content = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
            var headers = request.Headers.Concat(request.Content.Headers)
                .SelectMany(h => h.Value.Select(v => KeyValuePair.Create(h.Key, v)))
                .Append(KeyValuePair.Create("Host", request.RequestUri!.Authority))
                .ToList();
            var signed = new SignedRequest("POST", "/", [], headers, content);
            var (credential, failure) = SigV4Verifier.Parse(signed, "rekognition");
            failure.ShouldBeNull();
            credential!.SignedHeaders.ShouldBe(["content-type", "host", "x-amz-date", "x-amz-target"]);
            SigV4Verifier.Verify(signed, credential, Secret, DateTimeOffset.UtcNow).ShouldBeNull();
            var target = signed.Values("X-Amz-Target").ShouldHaveSingleItem();
            target.ShouldStartWith("RekognitionService.");
            var operation = target["RekognitionService.".Length..];
            Operations.Add(operation);
            var (status, body) = answer(operation, Encoding.UTF8.GetString(content));
            var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(body, Encoding.UTF8) };
            response.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-amz-json-1.1");
            return response;
        }
    }
}
