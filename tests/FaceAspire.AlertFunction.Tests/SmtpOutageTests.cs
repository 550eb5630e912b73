using System.Net;

namespace FaceAspire.AlertFunction.Tests;

/// <summary>The mail server goes down and comes back: the alert is not lost and is emailed exactly once.</summary>
public sealed class SmtpOutageTests(PostgresFixture postgres) : IAsyncLifetime
{
    // Its own MailDev: stopping it must not disturb the other test classes.
    private readonly MailDevServer _mail = new();
    private AlertFunctionFactory? _factory;

    private AlertFunctionFactory Factory => _factory ?? throw new InvalidOperationException("Not initialised.");

    public async ValueTask InitializeAsync()
    {
        await _mail.InitializeAsync();
        _factory = new AlertFunctionFactory(postgres, _mail);
    }

    [Fact]
    public async Task Smtp_down_is_503_with_retry_after_and_the_retry_after_recovery_emails_once()
    {
        var admins = Factory.Admins;
        var alert = TestAlerts.LowConfidence();
        await _mail.StopAsync();

        using (var failed = await Factory.PostAlertAsync(alert))
        {
            failed.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            failed.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(30));
            (await failed.ReadProblemAsync()).GetProperty("title").GetString().ShouldBe("Mail server unavailable");
        }

        var afterFailure = (await postgres.FindDeliveryAsync(alert.AlertId)).ShouldNotBeNull();
        afterFailure.Status.ShouldBe("processing");
        afterFailure.LeaseHeld.ShouldBeFalse("the failed attempt gives its lease back so the retry need not wait");
        afterFailure.DeliveredTo.ShouldBeEmpty();
        afterFailure.LastError.ShouldNotBeNullOrEmpty();

        await _mail.StartAsync();
        using (var retried = await Factory.PostAlertAsync(alert))
        {
            retried.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await retried.ReadReceiptAsync()).Status.ShouldBe("sent");
        }

        using (var duplicate = await Factory.PostAlertAsync(alert))
        {
            (await duplicate.ReadReceiptAsync()).Status.ShouldBe("duplicate");
        }

        foreach (var admin in admins)
        {
            (await _mail.EmailsToAsync(admin)).Count.ShouldBe(1);
        }

        var row = (await postgres.FindDeliveryAsync(alert.AlertId)).ShouldNotBeNull();
        row.Status.ShouldBe("sent");
        row.Attempts.ShouldBe(2);
    }

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        await _mail.DisposeAsync();
    }
}
