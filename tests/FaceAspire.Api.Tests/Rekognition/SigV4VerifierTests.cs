using System.Text;
using Amazon.Runtime;
using FaceAspire.Api.Infrastructure;
using FaceAspire.Api.Rekognition;

namespace FaceAspire.Api.Tests.Rekognition;

/// <summary>
/// The verifier and the signer against AWS's published Signature Version 4 test suite (the aws-sig-v4-test-suite
/// files: credentials AKIDEXAMPLE, region us-east-1, service "service", 2015-08-30T12:36:00Z), then the ways a
/// request can fail.
/// </summary>
public sealed class SigV4VerifierTests
{
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static readonly DateTimeOffset SuiteTime = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    private static string Authorization(string signedHeaders, string signature) =>
        $"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders={signedHeaders}, Signature={signature}";

    /// <summary>name, method, path, query ("a=b&amp;c=d"), extra headers ("Name:value" lines), body, signed headers, signature.</summary>
    public static TheoryData<string, string, string, string, string, string, string> Suite => new()
    {
        { "post-vanilla", "POST", "", "", "", "host;x-amz-date", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b" },
        { "post-vanilla-empty-query-value", "POST", "Param1=value1", "", "", "host;x-amz-date", "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11" },
        { "get-vanilla-query-order-key-case", "GET", "Param2=value2&Param1=value1", "", "", "host;x-amz-date", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500" },
        { "post-header-key-sort", "POST", "", "My-Header1:value1", "", "host;my-header1;x-amz-date", "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c" },
        { "get-header-value-trim", "GET", "", "My-Header1: value1\nMy-Header2: \"a   b   c\"", "", "host;my-header1;my-header2;x-amz-date", "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736" },
        { "get-header-key-duplicate", "GET", "", "My-Header1:value2\nMy-Header1:value2\nMy-Header1:value1", "", "host;my-header1;x-amz-date", "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea" },
        { "post-x-www-form-urlencoded", "POST", "", "Content-Type:application/x-www-form-urlencoded", "Param1=value1", "content-type;host;x-amz-date", "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a" },
    };

    [Theory]
    [MemberData(nameof(Suite))]
    public void Accepts_every_request_of_the_test_suite(string name, string method, string query, string headers, string body, string signedHeaders, string signature)
    {
        var request = Request(method, query, headers, body, Authorization(signedHeaders, signature));
        var (credential, failure) = SigV4Verifier.Parse(request, "service");
        failure.ShouldBeNull(name);
        credential!.Region.ShouldBe("us-east-1");
        SigV4Verifier.Verify(request, credential, Secret, SuiteTime).ShouldBeNull(name);

        // One changed bit anywhere the signature covers and the same signature is refused.
        var flipped = signature[..^1] + (signature[^1] == '0' ? '1' : '0');
        Verify(Request(method, query, headers, body, Authorization(signedHeaders, flipped))).ShouldBe("InvalidSignatureException");
        Verify(Request(method, query, headers, body + "x", Authorization(signedHeaders, signature))).ShouldBe("InvalidSignatureException");
        Verify(Request(method, query, headers, body, Authorization(signedHeaders, signature)), secret: Secret.ToLowerInvariant()).ShouldBe("InvalidSignatureException");
    }

    [Fact]
    public void The_signer_produces_the_test_suite_signature()
    {
        using var signed = AwsQuerySigner.CreatePost(
            new Uri("https://example.amazonaws.com/"), "Param1=value1", new ImmutableCredentials("AKIDEXAMPLE", Secret, null), "us-east-1", "service", SuiteTime,
            contentType: "application/x-www-form-urlencoded");
        signed.Headers.GetValues("Authorization").Single()
            .ShouldBe(Authorization("content-type;host;x-amz-date", "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"));
    }

    [Fact]
    public void Signed_time_must_be_within_15_minutes()
    {
        var request = Request("POST", "", "", "", Authorization("host;x-amz-date", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"));
        var (credential, _) = SigV4Verifier.Parse(request, "service");
        SigV4Verifier.Verify(request, credential!, Secret, SuiteTime.AddMinutes(14)).ShouldBeNull();
        SigV4Verifier.Verify(request, credential!, Secret, SuiteTime.AddMinutes(-14)).ShouldBeNull();
        var expired = SigV4Verifier.Verify(request, credential!, Secret, SuiteTime.AddMinutes(16))!;
        expired.ErrorName.ShouldBe("InvalidSignatureException");
        expired.Message.ShouldStartWith("Signature expired: 20150830T123600Z is now earlier than 20150830T123700Z");
        SigV4Verifier.Verify(request, credential!, Secret, SuiteTime.AddMinutes(-16))!.Message.ShouldStartWith("Signature not yet current");
    }

    [Fact]
    public void Malformed_authorization_is_refused_before_any_key_is_looked_up()
    {
        SigV4Verifier.Parse(Request("POST", "", "", "", null), "service").Failure!.ErrorName.ShouldBe("MissingAuthenticationTokenException");
        SigV4Verifier.Parse(Request("POST", "", "", "", "Bearer abc"), "service").Failure!.ErrorName.ShouldBe("IncompleteSignatureException");
        var otherService = Authorization("host;x-amz-date", new string('0', 64));
        SigV4Verifier.Parse(Request("POST", "", "", "", otherService), "rekognition").Failure!.ErrorName.ShouldBe("InvalidSignatureException");
        var hostUnsigned = Authorization("x-amz-date", new string('0', 64));
        SigV4Verifier.Parse(Request("POST", "", "", "", hostUnsigned), "service").Failure!.ErrorName.ShouldBe("InvalidSignatureException");
    }

    private static string? Verify(SignedRequest request, string secret = Secret)
    {
        var (credential, failure) = SigV4Verifier.Parse(request, "service");
        return failure?.ErrorName ?? SigV4Verifier.Verify(request, credential!, secret, SuiteTime)?.ErrorName;
    }

    private static SignedRequest Request(string method, string query, string headers, string body, string? authorization)
    {
        var headerList = new List<KeyValuePair<string, string>>
        {
            new("Host", "example.amazonaws.com"),
            new("X-Amz-Date", "20150830T123600Z"),
        };
        headerList.AddRange(headers.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => KeyValuePair.Create(line[..line.IndexOf(':', StringComparison.Ordinal)], line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..])));
        if (authorization is not null)
        {
            headerList.Add(new("Authorization", authorization));
        }

        var parameters = query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => KeyValuePair.Create(p.Split('=')[0], p.Split('=')[1])).ToList();
        return new SignedRequest(method, "/", parameters, headerList, Encoding.UTF8.GetBytes(body));
    }
}
