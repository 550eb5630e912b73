using System.Text.Json;
using Amazon.Runtime;
using FaceAspire.Api.Alerts;
using FaceAspire.Api.Infrastructure;

namespace FaceAspire.Api.Tests.Alerts;

/// <summary>The API with <c>Alerts:Transport=Sns</c>, publishing to <see cref="FakeSnsServer"/>.</summary>
public sealed class SnsAlertsApiFactory(PostgresFixture postgres) : StandInApiFactory<FakeSnsServer>(postgres)
{
    public FakeSnsServer Sns => StandIn;

    protected override Task<FakeSnsServer> StartStandInAsync() => FakeSnsServer.StartAsync();

    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Alerts:Transport"] = "Sns";
        UseStandIn(settings, "Alerts:Sns", Sns.ServiceUrl, ("TopicArn", FakeSnsServer.TopicArn), FakeSnsServer.AccessKey, FakeSnsServer.SecretKey);
        settings["Alerts:RetryDelay"] = "00:00:00.100";
        settings["App:PublicBaseUrl"] = "https://faces.example.test";
        return settings;
    }
}

public sealed class SnsAlertTests(SnsAlertsApiFactory factory) : AlertTransportTest<SnsAlertsApiFactory>(factory), IClassFixture<SnsAlertsApiFactory>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public void Signer_and_stand_in_both_reproduce_awss_published_sigv4_test_vector()
    {
        // AWS Signature Version 4 test suite, case post-x-www-form-urlencoded.
        const string expected = "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a";
        var at = new DateTimeOffset(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);
        var credentials = new ImmutableCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);

        using var request = AwsQuerySigner.CreatePost(
            new Uri("https://example.amazonaws.com/"), "Param1=value1", credentials, "us-east-1", "service", at, "application/x-www-form-urlencoded");

        request.Headers.GetValues("Authorization").Single().ShouldBe(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=" + expected);
        request.Headers.GetValues("X-Amz-Date").Single().ShouldBe("20150830T123600Z");
        FakeSnsServer.Signature(
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "POST", "/",
            [("content-type", "application/x-www-form-urlencoded"), ("host", "example.amazonaws.com"), ("x-amz-date", "20150830T123600Z")],
            "Param1=value1"u8.ToArray(), "20150830T123600Z", "us-east-1", "service").ShouldBe(expected);
    }

    [Fact]
    public async Task Stand_in_refuses_a_publish_signed_with_another_secret_and_a_session_token_is_signed_too()
    {
        using var http = new HttpClient();
        var form = AwsQuerySigner.Form([new("Action", "Publish"), new("Version", "2010-03-31"), new("TopicArn", FakeSnsServer.TopicArn), new("Message", "x")]);
        var wrong = new ImmutableCredentials(FakeSnsServer.AccessKey, "not-the-secret", null);
        using var forged = AwsQuerySigner.CreatePost(new Uri(Factory.Sns.ServiceUrl + "/"), form, wrong, FakeSnsServer.Region, "sns", DateTimeOffset.UtcNow);
        using var refused = await http.SendAsync(forged, Cancellation);
        ((int)refused.StatusCode).ShouldBe(403);
        (await refused.Content.ReadAsStringAsync(Cancellation)).ShouldContain("<Code>SignatureDoesNotMatch</Code>");

        var session = new ImmutableCredentials(FakeSnsServer.AccessKey, FakeSnsServer.SecretKey, "session-token-from-the-instance-role");
        using var signed = AwsQuerySigner.CreatePost(new Uri(Factory.Sns.ServiceUrl + "/"), form, session, FakeSnsServer.Region, "sns", DateTimeOffset.UtcNow);
        signed.Headers.GetValues("Authorization").Single().ShouldContain("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token");
        using var accepted = await http.SendAsync(signed, Cancellation);
        ((int)accepted.StatusCode).ShouldBe(200);
    }

    [Fact]
    public async Task A_face_free_photo_publishes_one_signed_alert_for_the_function_in_its_format()
    {
        var (user, photo) = await FlagFaceFreePhotoAsync();
        var before = Factory.Sns.Messages.Count;

        (await Dispatcher.DispatchDueAsync(Cancellation)).ShouldBe(1);

        Factory.Sns.Messages.Count.ShouldBe(before + 1);
        var published = Factory.Sns.Messages.Last();
        published.Attributes.ShouldBe(new Dictionary<string, string> { [SnsAlertSender.KindAttribute] = AlertFunctionMessage.ReviewAlertKind });
        var alert = JsonSerializer.Deserialize<AlertPayload>(published.Message, Json)!;
        (alert.PhotoId, alert.OwnerEmail, alert.FaceCount).ShouldBe((photo.Id, user.Email, 0));
        published.Message.ShouldNotContain("recipients", Case.Insensitive);
        published.Message.ShouldNotContain(AdminEmail);
        alert.ReviewUrl.ToString().ShouldStartWith("https://faces.example.test/admin/reviews/");
        var row = await OutboxRowAsync();
        (row.Id, row.Attempts).ShouldBe((alert.AlertId, 1));
        row.DeliveredAt.ShouldNotBeNull();
        (await Dispatcher.DispatchDueAsync(Cancellation)).ShouldBe(0);
    }

    [Fact]
    public async Task A_refused_publish_keeps_the_alert_in_the_outbox_with_snss_reason_and_the_next_attempt_publishes_it_once()
    {
        await FlagFaceFreePhotoAsync();
        var before = Factory.Sns.Messages.Count;

        Factory.Sns.RefuseNext(1, 403, "AuthorizationError");
        (await Dispatcher.DispatchDueAsync(Cancellation)).ShouldBe(0);
        Factory.Sns.Messages.Count.ShouldBe(before);
        var row = await OutboxRowAsync();
        row.DeliveredAt.ShouldBeNull();
        row.Attempts.ShouldBe(1);
        row.LastError!.ShouldBe("SNS refused the alert (403 AuthorizationError: Refused on purpose by the test.).");

        await Task.Delay(TimeSpan.FromMilliseconds(300), Cancellation);
        (await Dispatcher.DispatchDueAsync(Cancellation)).ShouldBe(1);
        Factory.Sns.Messages.Count.ShouldBe(before + 1);
    }

    [Fact]
    public async Task A_registration_publishes_account_notices_that_name_the_account_and_no_address()
    {
        var before = Factory.Sns.Messages.Count;
        await RegistrationSendsAccountNoticesWithoutAddressAsync(() => [.. Factory.Sns.Messages.Select(m => m.Message)]);
        Factory.Sns.Messages.Skip(before).Select(m => m.Attributes[SnsAlertSender.KindAttribute])
            .ShouldBe([AlertFunctionMessage.AccountNoticeKind, AlertFunctionMessage.AccountNoticeKind]);
    }
}
