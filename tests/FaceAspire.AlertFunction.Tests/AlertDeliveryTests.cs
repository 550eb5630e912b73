using System.Net;
using FaceAspire.AlertFunction.Contracts;
using FaceAspire.AlertFunction.Http;

namespace FaceAspire.AlertFunction.Tests;

/// <summary>POST /alerts against real PostgreSQL and a real SMTP server (MailDev).</summary>
public sealed class AlertDeliveryTests(PostgresFixture postgres, MailDevServer mail) : IClassFixture<MailDevServer>, IAsyncDisposable
{
    private readonly AlertFunctionFactory _factory = new(postgres, mail);

    [Fact]
    public async Task Alert_is_emailed_to_each_administrator_with_review_link_and_inline_thumbnail()
    {
        var admins = _factory.Admins;
        var alert = TestAlerts.LowConfidence();

        using var response = await _factory.PostAlertAsync(alert);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.ReadReceiptAsync()).ShouldBe(new AlertReceipt(alert.AlertId, "sent"));
        foreach (var admin in admins)
        {
            var email = (await mail.EmailsToAsync(admin)).ShouldHaveSingleItem();
            email.To.ShouldBe([admin]);
            email.Subject.ShouldBe($"FaceAspire alert: low face confidence (31.5%) in photo {alert.PhotoId}");
            email.Text.ShouldContain(alert.ReviewUrl.AbsoluteUri);
            email.Text.ShouldContain("owner@faceaspire.test");
            email.Text.ShouldContain("2026-11-20 14:30:00 UTC");
            email.Text.ShouldContain("LowConfidence");
            using var sent = email.Parse();
            sent.Headers["X-FaceAspire-Alert-Id"].ShouldBe(alert.AlertId.ToString());
            var html = sent.HtmlBody.ShouldNotBeNull();
            html.ShouldContain($"<a href=\"{alert.ReviewUrl.AbsoluteUri}\">");
            html.ShouldContain("<img src=\"cid:photo-thumbnail@faceaspire\"");
            var thumbnail = email.Attachments.ShouldHaveSingleItem();
            thumbnail.ContentType.ShouldBe("image/jpeg");
            thumbnail.ContentId.ShouldBe("photo-thumbnail@faceaspire");
            thumbnail.ContentDisposition.ShouldBe("inline");
            thumbnail.Size.ShouldBe(Convert.FromBase64String(TestAlerts.ThumbnailBase64).Length);
        }

        var row = (await postgres.FindDeliveryAsync(alert.AlertId)).ShouldNotBeNull();
        row.Status.ShouldBe("sent");
        row.DeliveredTo.ShouldBe(admins, ignoreOrder: true);
        row.LeaseHeld.ShouldBeFalse();
    }

    [Fact]
    public async Task Photo_without_faces_is_reported_as_no_face_found()
    {
        var admin = _factory.Admins[0];
        var alert = TestAlerts.NoFace();

        using var response = await _factory.PostAlertAsync(alert);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var email = (await mail.EmailsToAsync(admin)).ShouldHaveSingleItem();
        email.Subject.ShouldBe($"FaceAspire alert: no face found in photo {alert.PhotoId}");
        email.Text.ShouldContain("Best confidence: no face found");
        email.Attachments.ShouldBeEmpty();
    }

    [Fact]
    public async Task Addresses_in_the_message_are_ignored_only_the_configured_administrators_are_emailed()
    {
        var intruder = $"intruder-{Guid.NewGuid():N}@evil.test";
        var alert = TestAlerts.LowConfidence();
        var body = System.Text.Json.JsonSerializer.SerializeToNode(alert, AlertJson.Options)!.AsObject();
        body["recipients"] = new System.Text.Json.Nodes.JsonArray(intruder);
        using var client = _factory.CreateAuthorizedClient();
        using var content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");

        using var response = await client.PostAsync("/alerts", content, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        foreach (var admin in _factory.Admins)
        {
            (await mail.EmailsToAsync(admin)).Count.ShouldBe(1);
        }

        (await mail.EmailsToAsync(intruder)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Same_alert_sent_twice_is_emailed_once()
    {
        var admins = _factory.Admins;
        var alert = TestAlerts.LowConfidence();

        using var first = await _factory.PostAlertAsync(alert);
        using var second = await _factory.PostAlertAsync(alert);

        (await first.ReadReceiptAsync()).Status.ShouldBe("sent");
        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await second.ReadReceiptAsync()).Status.ShouldBe("duplicate");
        foreach (var admin in admins)
        {
            (await mail.EmailsToAsync(admin)).Count.ShouldBe(1);
        }
    }

    [Fact]
    public async Task Concurrent_deliveries_of_one_alert_email_it_once()
    {
        var admin = _factory.Admins[0];
        var alert = TestAlerts.LowConfidence();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => _factory.PostAlertAsync(alert)));

        var sent = 0;
        foreach (var response in responses)
        {
            using (response)
            {
                // Each losing caller is told either that the alert was delivered or to retry later.
                response.StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.Conflict);
                if (response.StatusCode == HttpStatusCode.OK
                    && (await response.ReadReceiptAsync()).Status == "sent")
                {
                    sent++;
                }
            }
        }

        sent.ShouldBe(1);
        (await mail.EmailsToAsync(admin)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Duplicate_while_another_delivery_holds_the_lease_is_told_to_retry_later()
    {
        var admin = _factory.Admins[0];
        var alert = TestAlerts.LowConfidence();
        await _factory.StartAsync();
        await postgres.ExecuteAsync(
            "INSERT INTO alert_deliveries (alert_id, status, lease_token, lease_expires_at) VALUES (@id, 'processing', gen_random_uuid(), now() + interval '90 seconds')",
            alert.AlertId);

        using var response = await _factory.PostAlertAsync(alert);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var retryAfter = response.Headers.RetryAfter!.Delta!.Value.TotalSeconds;
        retryAfter.ShouldBeInRange(80, 91);
        (await mail.EmailsToAsync(admin)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Delivery_that_crashed_mid_way_resumes_with_the_administrators_not_yet_reached()
    {
        var admins = _factory.Admins;
        var alert = TestAlerts.LowConfidence();
        await _factory.StartAsync();
        // A previous attempt emailed the first administrator, recorded it, then died holding a lease that has expired.
        await postgres.ExecuteAsync(
            $"INSERT INTO alert_deliveries (alert_id, status, lease_token, lease_expires_at, delivered_to) VALUES (@id, 'processing', gen_random_uuid(), now() - interval '1 second', ARRAY['{admins[0]}'])",
            alert.AlertId);

        using var response = await _factory.PostAlertAsync(alert);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await mail.EmailsToAsync(admins[0])).ShouldBeEmpty();
        (await mail.EmailsToAsync(admins[1])).Count.ShouldBe(1);
        var row = (await postgres.FindDeliveryAsync(alert.AlertId)).ShouldNotBeNull();
        row.Status.ShouldBe("sent");
        row.Attempts.ShouldBe(2);
    }

    [Fact]
    public async Task A_delivery_forgets_the_records_of_alerts_sent_longer_ago_than_the_setting()
    {
        var alert = TestAlerts.LowConfidence();
        await _factory.StartAsync();
        // Sent 31 days ago (past the default 30) and 29 days ago (within it), each with the address it reached.
        var old = Guid.NewGuid();
        var recent = Guid.NewGuid();
        await postgres.ExecuteAsync(
            "INSERT INTO alert_deliveries (alert_id, status, delivered_to, sent_at) VALUES (@id, 'sent', ARRAY['old@example.test'], now() - interval '31 days')", old);
        await postgres.ExecuteAsync(
            "INSERT INTO alert_deliveries (alert_id, status, delivered_to, sent_at) VALUES (@id, 'sent', ARRAY['recent@example.test'], now() - interval '29 days')", recent);

        using var response = await _factory.PostAlertAsync(alert);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await postgres.FindDeliveryAsync(old)).ShouldBeNull();
        (await postgres.FindDeliveryAsync(recent)).ShouldNotBeNull();
        (await postgres.FindDeliveryAsync(alert.AlertId)).ShouldNotBeNull().Status.ShouldBe("sent");
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();
}
