using System.Text.Json;
using FaceAspire.Api.Alerts;

namespace FaceAspire.Api.Tests.Alerts;

/// <summary>The API with <c>Alerts:Transport=Sqs</c>, sending through the AWS SDK to <see cref="FakeSqsServer"/>.</summary>
public sealed class SqsAlertsApiFactory(PostgresFixture postgres) : StandInApiFactory<FakeSqsServer>(postgres)
{
    public FakeSqsServer Sqs => StandIn;

    protected override Task<FakeSqsServer> StartStandInAsync() => FakeSqsServer.StartAsync();

    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Alerts:Transport"] = "Sqs";
        UseStandIn(settings, "Alerts:Sqs", Sqs.ServiceUrl, ("QueueUrl", Sqs.QueueUrl));
        settings["Alerts:RetryDelay"] = "00:00:00.100";
        settings["App:PublicBaseUrl"] = "https://faces.example.test";
        return settings;
    }
}

public sealed class SqsAlertTests(SqsAlertsApiFactory factory) : AlertTransportTest<SqsAlertsApiFactory>(factory), IClassFixture<SqsAlertsApiFactory>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task A_face_free_photo_puts_one_alert_on_the_queue_in_the_alert_functions_format()
    {
        var (user, photo) = await FlagFaceFreePhotoAsync();
        var before = Factory.Sqs.Messages.Count;

        (await Dispatcher.DispatchDueAsync(Cancellation)).ShouldBe(1);

        Factory.Sqs.Messages.Count.ShouldBe(before + 1);
        var alert = JsonSerializer.Deserialize<AlertPayload>(Factory.Sqs.Messages.Last(), Json)!;
        (alert.PhotoId, alert.OwnerEmail, alert.FaceCount).ShouldBe((photo.Id, user.Email, 0));
        Factory.Sqs.Messages.Last().ShouldNotContain("recipients", Case.Insensitive);
        Factory.Sqs.Messages.Last().ShouldNotContain(AdminEmail);
        alert.ReviewUrl.ToString().ShouldStartWith("https://faces.example.test/admin/reviews/");
        alert.ThumbnailJpegBase64.ShouldNotBeNullOrEmpty();
        var row = await OutboxRowAsync();
        (row.Id, row.Attempts).ShouldBe((alert.AlertId, 1));
        row.DeliveredAt.ShouldNotBeNull();
        (await Dispatcher.DispatchDueAsync(Cancellation)).ShouldBe(0);
    }

    [Fact]
    public async Task A_queue_outage_keeps_the_alert_in_the_outbox_and_the_next_attempt_sends_it_once()
    {
        await FlagFaceFreePhotoAsync();
        var before = Factory.Sqs.Messages.Count;

        // More 500s than the SDK's own retries: the attempt fails.
        Factory.Sqs.FailNext(10);
        (await Dispatcher.DispatchDueAsync(Cancellation)).ShouldBe(0);
        Factory.Sqs.FailedRequests.ShouldBeGreaterThan(0);
        Factory.Sqs.Messages.Count.ShouldBe(before);
        var row = await OutboxRowAsync();
        row.DeliveredAt.ShouldBeNull();
        row.Attempts.ShouldBe(1);
        row.LastError!.ShouldContain("SQS");

        Factory.Sqs.FailNext(0);
        await Task.Delay(TimeSpan.FromMilliseconds(300), Cancellation);
        (await Dispatcher.DispatchDueAsync(Cancellation)).ShouldBe(1);
        Factory.Sqs.Messages.Count.ShouldBe(before + 1);
    }

    [Fact]
    public Task A_registration_queues_account_notices_that_name_the_account_and_no_address() =>
        RegistrationSendsAccountNoticesWithoutAddressAsync(() => [.. Factory.Sqs.Messages]);
}
