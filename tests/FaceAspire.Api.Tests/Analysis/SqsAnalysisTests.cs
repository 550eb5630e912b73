using System.Text.Json;
using FaceAspire.Api.Analysis;
using FaceAspire.Api.Analysis.Sqs;
using FaceAspire.Api.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace FaceAspire.Api.Tests.Analysis;

/// <summary>
/// The API with <c>Analysis:Transport=Sqs</c> against <see cref="FakeSqsServer"/> (redrive after 2 receives, the
/// configured maximum attempts); tests drive the sender and a worker step by step. <see cref="Faults"/> can fail the
/// database commits of results.
/// </summary>
public sealed class SqsAnalysisApiFactory(PostgresFixture postgres) : StandInApiFactory<FakeSqsServer>(postgres)
{
    public const int MaxAttempts = 2;

    public FakeSqsServer Sqs => StandIn;

    public FaultInjector Faults { get; } = new();

    protected override Task<FakeSqsServer> StartStandInAsync() => FakeSqsServer.StartAsync("faceaspire-analysis", maxReceiveCount: MaxAttempts);

    protected override void ConfigureTestServices(IServiceCollection services) => services.AddSingleton<IInterceptor>(Faults);

    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Analysis:Transport"] = "Sqs";
        UseStandIn(settings, "Analysis:Sqs", Sqs.ServiceUrl, ("QueueUrl", Sqs.QueueUrl));
        settings["Analysis:Sqs:WaitTime"] = "00:00:00";
        settings["Analysis:Sqs:SenderEnabled"] = "false";
        settings["Analysis:MaxAttempts"] = MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Analysis:LeaseDuration"] = "00:00:01";
        settings["Analysis:RetryDelay"] = "00:00:00";
        return settings;
    }
}

public sealed class SqsAnalysisTests(SqsAnalysisApiFactory factory) : ApiTest<SqsAnalysisApiFactory>(factory), IClassFixture<SqsAnalysisApiFactory>
{
    private SqsAnalysisSender Sender => Factory.Services.GetRequiredService<SqsAnalysisSender>();

    private SqsAnalysisWorkerService Worker => Factory.Services.GetRequiredService<SqsAnalysisWorkerService>();

    [Fact]
    public async Task An_upload_sends_one_message_a_worker_analyses_it_once_and_a_duplicate_changes_nothing()
    {
        var user = await SignUpAsync();
        var sentBefore = Factory.Sqs.Messages.Count;
        var photo = await user.Http.UploadPhotoAsync(TestImages.SampleFace(1));

        // An SQS outage longer than the SDK's retries: the job stays owed and goes out on the next round.
        Factory.Sqs.FailNext(10);
        (await Sender.SendDueAsync(Cancellation)).ShouldBe(0);
        Factory.Sqs.FailNext(0);
        (await Sender.SendDueAsync(Cancellation)).ShouldBe(1);
        (await Sender.SendDueAsync(Cancellation)).ShouldBe(0, "a sent job is not sent again");
        Factory.Sqs.Messages.Count.ShouldBe(sentBefore + 1);
        var body = Factory.Sqs.Messages.Last();
        JsonDocument.Parse(body).RootElement.GetProperty("photoId").GetGuid().ShouldBe(photo.Id);

        (await Worker.RunOnceAsync(Cancellation)).ShouldBeTrue();
        var analysis = await user.Http.GetFromJsonAsync<AnalysisBody>($"/api/photos/{photo.Id}/analysis", Cancellation);
        (analysis!.Status, analysis.Attempts).ShouldBe(("succeeded", 1));
        analysis.Faces.ShouldNotBeEmpty();
        Factory.Sqs.InQueue.ShouldBe(0, "the message is deleted once the result is stored");

        // SQS delivers at least once: the same message again finds the job finished and is deleted unrun.
        await Factory.Services.GetRequiredKeyedService<Amazon.SQS.IAmazonSQS>(AnalysisJobMessage.ClientKey)
            .SendMessageAsync(Factory.Sqs.QueueUrl, body, Cancellation);
        (await Worker.RunOnceAsync(Cancellation)).ShouldBeTrue();
        Factory.Sqs.InQueue.ShouldBe(0);
        var again = await user.Http.GetFromJsonAsync<AnalysisBody>($"/api/photos/{photo.Id}/analysis", Cancellation);
        (again!.Status, again.Attempts).ShouldBe(("succeeded", 1));
        again.Faces.Select(f => f.Id).ShouldBe(analysis.Faces.Select(f => f.Id));
        (await Worker.RunOnceAsync(Cancellation)).ShouldBeFalse();
    }

    [Fact]
    public async Task A_worker_that_dies_holding_a_message_is_replaced_when_the_visibility_timeout_ends()
    {
        var user = await SignUpAsync();
        var photo = await user.Http.UploadPhotoAsync(TestImages.Jpeg());
        (await Sender.SendDueAsync(Cancellation)).ShouldBe(1);

        // The dead worker: it received the message (hidden for the lease) and claimed the job, then stopped.
        var sqs = Factory.Services.GetRequiredKeyedService<Amazon.SQS.IAmazonSQS>(AnalysisJobMessage.ClientKey);
        var taken = await sqs.ReceiveMessageAsync(new Amazon.SQS.Model.ReceiveMessageRequest(Factory.Sqs.QueueUrl) { VisibilityTimeout = 60 }, Cancellation);
        taken.Messages.ShouldHaveSingleItem();
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<AnalysisJobStore>().ClaimAsync(photo.Id, 1, Cancellation)).ShouldNotBeNull();
        }

        (await Worker.RunOnceAsync(Cancellation)).ShouldBeFalse("the message is invisible while the lease lasts");
        await Task.Delay(TimeSpan.FromSeconds(1.2), Cancellation);
        Factory.Sqs.ExpireVisibility();
        (await Worker.RunOnceAsync(Cancellation)).ShouldBeTrue();

        var analysis = await user.Http.GetFromJsonAsync<AnalysisBody>($"/api/photos/{photo.Id}/analysis", Cancellation);
        (analysis!.Status, analysis.Attempts).ShouldBe(("succeeded", 2));
        Factory.Sqs.InQueue.ShouldBe(0);
    }

    [Fact]
    public async Task A_failed_attempt_comes_back_and_after_the_last_attempt_the_job_fails_and_the_message_is_dead_lettered()
    {
        var user = await SignUpAsync();
        var photo = await user.Http.UploadPhotoAsync(TestImages.Jpeg());
        (await Sender.SendDueAsync(Cancellation)).ShouldBe(1);
        Factory.Faults.Arm(SqsAnalysisApiFactory.MaxAttempts);

        (await Worker.RunOnceAsync(Cancellation)).ShouldBeTrue();
        var retrying = await user.Http.GetFromJsonAsync<AnalysisBody>($"/api/photos/{photo.Id}/analysis", Cancellation);
        (retrying!.Status, retrying.Attempts).ShouldBe(("pending", 1));
        (await Sender.SendDueAsync(Cancellation)).ShouldBe(0, "the message is still on the queue; the job is not sent twice");

        (await Worker.RunOnceAsync(Cancellation)).ShouldBeTrue();
        var failed = await user.Http.GetFromJsonAsync<AnalysisBody>($"/api/photos/{photo.Id}/analysis", Cancellation);
        (failed!.Status, failed.Attempts).ShouldBe(("failed", 2));
        failed.Error!.ShouldContain("Request a new analysis");

        (await Worker.RunOnceAsync(Cancellation)).ShouldBeFalse("the next receive moves the message to the dead-letter queue");
        Factory.Sqs.DeadLetters.ShouldHaveSingleItem().ShouldContain(photo.Id.ToString());
        Factory.Sqs.InQueue.ShouldBe(0);
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>();
        (await db.PhotoFaces.CountAsync(Cancellation), await db.ReviewItems.CountAsync(Cancellation)).ShouldBe((0, 0));
    }
}
