using System.Text.Json;
using System.Text.Json.Nodes;
using FaceAspire.AlertFunction.Contracts;
using FaceAspire.AlertFunction.Lambda;

namespace FaceAspire.AlertFunction.Tests;

/// <summary>
/// The Lambda host (custom runtime) run in process against a local fake of the Runtime API over real HTTP, with
/// real PostgreSQL and MailDev: SNS and SQS events in, partial batch responses and error reports out.
/// </summary>
public sealed class LambdaRuntimeTests(PostgresFixture postgres, MailDevServer mail) : IClassFixture<MailDevServer>
{
    // The administrators the function is configured to e-mail, fresh for each test.
    private readonly string[] _admins = TestAlerts.Admins(2);

    [Fact]
    public async Task Sqs_batch_emails_valid_alerts_once_and_returns_only_the_bad_record_for_retry()
    {
        await using var runtime = await FakeLambdaRuntimeApi.StartAsync();
        using var stop = new CancellationTokenSource();
        var function = RunFunctionAsync(runtime, stop.Token, Settings(withMail: true));
        var admins = _admins;
        var alert = TestAlerts.NoFace();

        var first = await runtime.InvokeAsync(SqsEvent(("m-1", Serialize(alert)), ("m-2", "{\"alertId\": \"not-a-guid\"}")));
        var redelivered = await runtime.InvokeAsync(SqsEvent(("m-3", Serialize(alert))));

        first.Kind.ShouldBe("response");
        FailedItems(first.Body).ShouldBe(["m-2"]);
        redelivered.Kind.ShouldBe("response");
        FailedItems(redelivered.Body).ShouldBeEmpty("a redelivered alert is a duplicate, which counts as delivered");
        foreach (var admin in admins)
        {
            var emails = await mail.EmailsToAsync(admin);
            emails.Count.ShouldBe(1);
            emails[0].Text.ShouldContain(alert.ReviewUrl.ToString());
        }

        var row = (await postgres.FindDeliveryAsync(alert.AlertId)).ShouldNotBeNull();
        row.Status.ShouldBe("sent");
        row.DeliveredTo.ShouldBe(admins, ignoreOrder: true);

        await stop.CancelAsync();
        (await function).ShouldBe(0);
    }

    [Fact]
    public async Task Sns_event_emails_the_alert_once_and_a_redelivery_is_acknowledged_as_a_duplicate()
    {
        await using var runtime = await FakeLambdaRuntimeApi.StartAsync();
        using var stop = new CancellationTokenSource();
        var function = RunFunctionAsync(runtime, stop.Token, Settings(withMail: true));
        var admins = _admins;
        var alert = TestAlerts.NoFace();

        var first = await runtime.InvokeAsync(SnsEvent("sns-1", Serialize(alert)));
        var retried = await runtime.InvokeAsync(SnsEvent("sns-1", Serialize(alert)));

        first.Kind.ShouldBe("response");
        JsonNode.Parse(first.Body)!["delivered"]!.GetValue<int>().ShouldBe(1);
        retried.Kind.ShouldBe("response", "Lambda's retry of a delivered alert is a duplicate, which counts as delivered");
        foreach (var admin in admins)
        {
            var emails = await mail.EmailsToAsync(admin);
            emails.Count.ShouldBe(1);
            emails[0].Text.ShouldContain(alert.ReviewUrl.ToString());
        }

        (await postgres.FindDeliveryAsync(alert.AlertId)).ShouldNotBeNull().Status.ShouldBe("sent");
        await stop.CancelAsync();
        (await function).ShouldBe(0);
    }

    [Fact]
    public async Task Sns_and_sqs_events_carrying_account_notices_email_the_accounts_own_address_once()
    {
        await using var runtime = await FakeLambdaRuntimeApi.StartAsync();
        using var stop = new CancellationTokenSource();
        var function = RunFunctionAsync(runtime, stop.Token, Settings(withMail: true));
        var (accountId, owner) = await postgres.AddAccountAsync();
        var attempt = TestAlerts.Notice(accountId);
        var welcome = TestAlerts.Notice(accountId, AccountNoticeMessage.Welcome);

        var viaSns = await runtime.InvokeAsync(SnsEvent("sns-notice", Serialize(attempt), AccountNoticeMessage.MessageKind));
        var retried = await runtime.InvokeAsync(SnsEvent("sns-notice", Serialize(attempt), AccountNoticeMessage.MessageKind));
        var viaSqs = await runtime.InvokeAsync(SqsEvent(("m-notice", Serialize(welcome))));

        viaSns.Kind.ShouldBe("response");
        retried.Kind.ShouldBe("response", "Lambda's retry of a delivered notice is a duplicate, which counts as delivered");
        FailedItems(viaSqs.Body).ShouldBeEmpty();
        (await mail.EmailsToAsync(owner)).Select(e => e.Subject).ShouldBe(
            [Mail.AccountNoticeComposer.RegistrationAttemptSubject, Mail.AccountNoticeComposer.WelcomeSubject], ignoreOrder: true);
        foreach (var admin in _admins)
        {
            (await mail.EmailsToAsync(admin)).ShouldBeEmpty();
        }

        await stop.CancelAsync();
        (await function).ShouldBe(0);
    }

    [Fact]
    public async Task Sns_record_that_is_not_a_valid_alert_fails_the_invocation_so_lambda_retries_and_dead_letters_it()
    {
        await using var runtime = await FakeLambdaRuntimeApi.StartAsync();
        using var stop = new CancellationTokenSource();
        var function = RunFunctionAsync(runtime, stop.Token, Settings(withMail: true));

        var error = await runtime.InvokeAsync(SnsEvent("sns-bad", "{\"alertId\": \"not-a-guid\"}"));

        error.Kind.ShouldBe("error");
        var body = JsonNode.Parse(error.Body)!;
        body["errorType"]!.GetValue<string>().ShouldBe(nameof(AlertsNotDeliveredException));
        body["errorMessage"]!.GetValue<string>().ShouldContain("sns-bad");
        await stop.CancelAsync();
        (await function).ShouldBe(0);
    }

    [Fact]
    public async Task Payload_that_is_not_an_sqs_event_is_reported_as_an_invocation_error_and_the_function_keeps_serving()
    {
        await using var runtime = await FakeLambdaRuntimeApi.StartAsync();
        using var stop = new CancellationTokenSource();
        var function = RunFunctionAsync(runtime, stop.Token, Settings(withMail: true));
        var admin = _admins[0];
        var alert = TestAlerts.LowConfidence();

        var error = await runtime.InvokeAsync("{\"detail-type\": \"Scheduled Event\"}");
        var next = await runtime.InvokeAsync(SqsEvent(("m-1", Serialize(alert))));

        error.Kind.ShouldBe("error");
        error.ErrorType.ShouldBe("Unhandled");
        var body = JsonNode.Parse(error.Body)!;
        body["errorType"]!.GetValue<string>().ShouldBe(nameof(InvalidDataException));
        body["errorMessage"]!.GetValue<string>().ShouldContain("neither an SNS event nor an SQS event");
        next.Kind.ShouldBe("response");
        FailedItems(next.Body).ShouldBeEmpty();
        (await mail.EmailsToAsync(admin)).Count.ShouldBe(1);

        await stop.CancelAsync();
        (await function).ShouldBe(0);
    }

    [Fact]
    public async Task Missing_configuration_is_reported_as_an_init_error_and_the_process_exits_non_zero()
    {
        await using var runtime = await FakeLambdaRuntimeApi.StartAsync();

        var exitCode = await LambdaFunctionHost.RunAsync(Settings(withMail: false), runtime.Address, TestContext.Current.CancellationToken);

        exitCode.ShouldBe(1);
        var error = await runtime.InitErrorAsync();
        error.ErrorType.ShouldBe("Unhandled");
        JsonNode.Parse(error.Body)!["errorMessage"]!.GetValue<string>().ShouldContain("Smtp");
    }

    private string[] Settings(bool withMail)
    {
        var settings = new List<string>
        {
            $"--ConnectionStrings:facedb={postgres.ConnectionString}",
            "--Smtp:TimeoutSeconds=10",
            $"--AlertFunction:PublicBaseUrl={AlertFunctionFactory.PublicBaseUrl}",
        };
        settings.AddRange(_admins.Select((admin, i) => $"--AlertFunction:Recipients:{i}={admin}"));
        if (withMail)
        {
            settings.Add($"--ConnectionStrings:mail={mail.ConnectionString}");
        }

        return [.. settings];
    }

    private static Task<int> RunFunctionAsync(FakeLambdaRuntimeApi runtime, CancellationToken stop, string[] args) =>
        Task.Run(() => LambdaFunctionHost.RunAsync(args, runtime.Address, stop), TestContext.Current.CancellationToken);

    private static string Serialize(AlertMessage alert) => JsonSerializer.Serialize(alert, AlertJson.Options);

    private static string Serialize(AccountNoticeMessage notice) => JsonSerializer.Serialize(notice, AlertJson.Options);

    /// <summary>An SQS event source payload as Lambda delivers it (the fields AWS documents, trimmed).</summary>
    private static string SqsEvent(params (string MessageId, string Body)[] messages) => new JsonObject
    {
        ["Records"] = new JsonArray([.. messages.Select(message => (JsonNode)new JsonObject
        {
            ["messageId"] = message.MessageId,
            ["receiptHandle"] = $"handle-{message.MessageId}",
            ["body"] = message.Body,
            ["eventSource"] = "aws:sqs",
            ["eventSourceARN"] = "arn:aws:sqs:eu-west-1:123456789012:faceaspire-alerts",
            ["awsRegion"] = "eu-west-1",
        })]),
    }.ToJsonString();

    /// <summary>An SNS event as Lambda delivers it to a subscribed function (the fields AWS documents, trimmed).</summary>
    private static string SnsEvent(string messageId, string message, string kind = AlertMessage.MessageKind) => new JsonObject
    {
        ["Records"] = new JsonArray(new JsonObject
        {
            ["EventSource"] = "aws:sns",
            ["EventVersion"] = "1.0",
            ["EventSubscriptionArn"] = "arn:aws:sns:eu-west-1:123456789012:faceaspire-alerts:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55",
            ["Sns"] = new JsonObject
            {
                ["Type"] = "Notification",
                ["MessageId"] = messageId,
                ["TopicArn"] = "arn:aws:sns:eu-west-1:123456789012:faceaspire-alerts",
                ["Subject"] = null,
                ["Message"] = message,
                ["Timestamp"] = "2026-12-05T12:00:00.000Z",
                ["MessageAttributes"] = new JsonObject
                {
                    ["kind"] = new JsonObject { ["Type"] = "String", ["Value"] = kind },
                },
            },
        }),
    }.ToJsonString();

    private static string[] FailedItems(string responseJson) =>
        [.. JsonNode.Parse(responseJson)!["batchItemFailures"]!.AsArray().Select(item => item!["itemIdentifier"]!.GetValue<string>())];
}
