using System.Text.Json;
using FaceAspire.Api.Alerts;
using FaceAspire.Api.Analysis;
using FaceAspire.Api.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FaceAspire.Api.Tests.Alerts;

/// <summary>The API with <c>Alerts:Transport=Sqs</c>, sending through the AWS SDK to <see cref="FakeSqsServer"/>.</summary>
public sealed class SqsAlertsApiFactory(PostgresFixture postgres) : ApiFactory(postgres)
{
    private FakeSqsServer? _sqs;

    public FakeSqsServer Sqs => _sqs!;

    public override async ValueTask InitializeAsync()
    {
        _sqs = await FakeSqsServer.StartAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_sqs is not null)
        {
            await _sqs.DisposeAsync();
        }
    }

    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Alerts:Transport"] = "Sqs";
        settings["Alerts:Sqs:ServiceUrl"] = _sqs!.ServiceUrl;
        settings["Alerts:Sqs:QueueUrl"] = _sqs.QueueUrl;
        settings["Alerts:Sqs:AccessKey"] = "test-access-key";
        settings["Alerts:Sqs:SecretKey"] = "test-secret-key";
        settings["Alerts:RetryDelay"] = "00:00:00.100";
        settings["App:PublicBaseUrl"] = "https://faces.example.test";
        return settings;
    }
}

public sealed class SqsAlertTests(SqsAlertsApiFactory factory) : ApiTest<SqsAlertsApiFactory>(factory), IClassFixture<SqsAlertsApiFactory>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private AlertDispatcherService Dispatcher => Factory.Services.GetRequiredService<AlertDispatcherService>();

    [Fact]
    public async Task A_face_free_photo_puts_one_alert_on_the_queue_in_the_alert_functions_format()
    {
        await MakeAdminAsync("admin@example.test");
        var before = Factory.Sqs.Messages.Count;
        var user = await SignUpAsync();
        var photo = await user.Http.UploadPhotoAsync(TestImages.Jpeg());
        (await Factory.Services.GetRequiredService<AnalysisWorkerService>().RunOnceAsync(Cancellation)).ShouldBeTrue();

        (await Dispatcher.DispatchDueAsync(Cancellation)).ShouldBe(1);

        Factory.Sqs.Messages.Count.ShouldBe(before + 1);
        var alert = JsonSerializer.Deserialize<AlertPayload>(Factory.Sqs.Messages.Last(), Json)!;
        (alert.PhotoId, alert.OwnerEmail, alert.FaceCount).ShouldBe((photo.Id, user.Email, 0));
        alert.Recipients.ShouldBe(["admin@example.test"]);
        alert.ReviewUrl.ToString().ShouldStartWith("https://faces.example.test/admin/reviews/");
        alert.ThumbnailJpegBase64.ShouldNotBeNullOrEmpty();
        await using var scope = Factory.Services.CreateAsyncScope();
        var row = await scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>().AlertOutbox.SingleAsync(Cancellation);
        (row.Id, row.Attempts).ShouldBe((alert.AlertId, 1));
        row.DeliveredAt.ShouldNotBeNull();
        (await Dispatcher.DispatchDueAsync(Cancellation)).ShouldBe(0);
    }

    [Fact]
    public async Task A_queue_outage_keeps_the_alert_in_the_outbox_and_the_next_attempt_sends_it_once()
    {
        await MakeAdminAsync("admin@example.test");
        var before = Factory.Sqs.Messages.Count;
        var user = await SignUpAsync();
        await user.Http.UploadPhotoAsync(TestImages.Jpeg());
        (await Factory.Services.GetRequiredService<AnalysisWorkerService>().RunOnceAsync(Cancellation)).ShouldBeTrue();

        // More 500s than the SDK's own retries: the attempt fails.
        Factory.Sqs.FailNext(10);
        (await Dispatcher.DispatchDueAsync(Cancellation)).ShouldBe(0);
        Factory.Sqs.FailedRequests.ShouldBeGreaterThan(0);
        Factory.Sqs.Messages.Count.ShouldBe(before);
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var row = await scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>().AlertOutbox.SingleAsync(Cancellation);
            row.DeliveredAt.ShouldBeNull();
            row.Attempts.ShouldBe(1);
            row.LastError!.ShouldContain("SQS");
        }

        Factory.Sqs.FailNext(0);
        await Task.Delay(TimeSpan.FromMilliseconds(300), Cancellation);
        (await Dispatcher.DispatchDueAsync(Cancellation)).ShouldBe(1);
        Factory.Sqs.Messages.Count.ShouldBe(before + 1);
    }
}
