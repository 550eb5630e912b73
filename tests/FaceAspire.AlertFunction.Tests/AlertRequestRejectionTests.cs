using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FaceAspire.AlertFunction.Contracts;

namespace FaceAspire.AlertFunction.Tests;

/// <summary>Requests the function must refuse: nothing is emailed and nothing is recorded.</summary>
public sealed class AlertRequestRejectionTests(PostgresFixture postgres, MailDevServer mail) : IClassFixture<MailDevServer>, IAsyncDisposable
{
    private readonly AlertFunctionFactory _factory = new(postgres, mail);

    [Fact]
    public async Task Invalid_alert_is_a_validation_problem_naming_each_bad_field()
    {
        var admin = _factory.Admins[0];
        var alert = TestAlerts.LowConfidence() with
        {
            BestConfidence = 140,
            Reason = " ",
            ReviewUrl = new Uri("/admin/review/1", UriKind.Relative),
        };

        using var response = await _factory.PostAlertAsync(alert);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.ReadProblemAsync();
        problem.GetProperty("status").GetInt32().ShouldBe(400);
        var errors = problem.GetProperty("errors").EnumerateObject().Select(error => error.Name).ToList();
        errors.ShouldBe(["reason", "bestConfidence", "reviewUrl"], ignoreOrder: true);
        await ShouldNotHaveActedAsync(alert, admin);
    }

    [Fact]
    public async Task Thumbnail_over_64_KiB_is_refused()
    {
        var admin = _factory.Admins[0];
        var photo = await File.ReadAllBytesAsync(TestAlerts.SamplePhotoPath, TestContext.Current.CancellationToken);
        photo.Length.ShouldBeGreaterThan(64 * 1024);
        var alert = TestAlerts.LowConfidence() with { ThumbnailJpegBase64 = Convert.ToBase64String(photo) };

        using var response = await _factory.PostAlertAsync(alert);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadProblemAsync()).GetProperty("errors").TryGetProperty("thumbnailJpegBase64", out _).ShouldBeTrue();
        await ShouldNotHaveActedAsync(alert, admin);
    }

    [Theory]
    [InlineData("{\"alertId\": \"not-a-guid\"}")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{\"alertId\": ")]
    public async Task Body_that_is_not_an_alert_is_a_bad_request(string body)
    {
        using var client = _factory.CreateAuthorizedClient();
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        using var response = await client.PostAsync("/alerts", content, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.ReadProblemAsync();
        problem.GetProperty("title").GetString().ShouldBe("Malformed alert");
    }

    [Fact]
    public async Task Body_that_is_not_json_is_unsupported_media_type()
    {
        using var client = _factory.CreateAuthorizedClient();
        using var content = new StringContent("alert", Encoding.UTF8, "text/plain");

        using var response = await client.PostAsync("/alerts", content, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        (await response.ReadProblemAsync()).GetProperty("status").GetInt32().ShouldBe(415);
    }

    [Theory]
    [InlineData("https://evil.example/admin/review/1")]
    [InlineData("http://faceaspire.test/admin/review/1")]
    [InlineData("https://faceaspire.test.evil.example/admin/review/1")]
    [InlineData("https://faceaspire.test@evil.example/admin/review/1")]
    [InlineData("https://faceaspire.test:8443/admin/review/1")]
    public async Task A_review_link_outside_the_configured_public_base_url_is_refused(string reviewUrl)
    {
        var admin = _factory.Admins[0];
        var alert = TestAlerts.LowConfidence() with { ReviewUrl = new Uri(reviewUrl) };

        using var response = await _factory.PostAlertAsync(alert);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await response.ReadProblemAsync()).GetProperty("errors");
        errors.GetProperty("reviewUrl")[0].GetString().ShouldBe($"reviewUrl must lie under {AlertFunctionFactory.PublicBaseUrl}.");
        await ShouldNotHaveActedAsync(alert, admin);
    }

    [Fact]
    public void Review_links_must_lie_inside_the_base_path_too()
    {
        var root = new Uri("https://faces.example/app");
        AlertMessageValidator.IsUnder(new Uri("https://FACES.example/app/admin/reviews/1"), root).ShouldBeTrue();
        AlertMessageValidator.IsUnder(new Uri("https://faces.example/application/admin"), root).ShouldBeFalse();
        AlertMessageValidator.IsUnder(new Uri("https://faces.example/other"), root).ShouldBeFalse();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("test-alert-key-0123456789abcdeX")]
    public async Task Unsigned_or_wrongly_signed_requests_are_unauthorized(string? secret)
    {
        var admin = _factory.Admins[0];
        var alert = TestAlerts.LowConfidence();
        using var client = secret is null ? _factory.CreateClient() : _factory.CreateDefaultClient(new SigningHandler(secret));

        using var response = await client.PostAsJsonAsync("/alerts", alert, AlertJson.Options, TestContext.Current.CancellationToken);

        await ShouldBeRefusedAsync(response, secret is null ? "required" : "does not match");
        await ShouldNotHaveActedAsync(alert, admin);
    }

    [Fact]
    public async Task A_signed_body_changed_on_the_way_is_unauthorized()
    {
        var admin = _factory.Admins[0];
        var alert = TestAlerts.LowConfidence();
        var signed = Signed(alert, DateTimeOffset.UtcNow);
        var forged = Signed(alert with { OwnerEmail = "someone-else@example.test" }, DateTimeOffset.UtcNow);
        // The forged body travels under the headers signed for the original.
        CopySignature(signed, forged);
        using var client = _factory.CreateClient();

        await ShouldBeRefusedAsync(await client.SendAsync(forged, TestContext.Current.CancellationToken), "does not match");
        await ShouldNotHaveActedAsync(alert, admin);
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public async Task A_timestamp_outside_the_window_is_unauthorized(int secondsAway)
    {
        var admin = _factory.Admins[0];
        var alert = TestAlerts.LowConfidence();
        using var client = _factory.CreateClient();

        var response = await client.SendAsync(Signed(alert, DateTimeOffset.UtcNow.AddSeconds(secondsAway)), TestContext.Current.CancellationToken);

        await ShouldBeRefusedAsync(response, "within 300 s");
        await ShouldNotHaveActedAsync(alert, admin);
    }

    [Fact]
    public async Task A_replayed_request_is_refused_and_emails_nobody_again()
    {
        var admin = _factory.Admins[0];
        var alert = TestAlerts.LowConfidence();
        var first = Signed(alert, DateTimeOffset.UtcNow);
        var replay = Signed(alert, DateTimeOffset.UtcNow);
        CopySignature(first, replay);

        using var client = _factory.CreateClient();
        (await client.SendAsync(first, TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await ShouldBeRefusedAsync(await client.SendAsync(replay, TestContext.Current.CancellationToken), "used before");
        (await mail.EmailsToAsync(admin)).Count.ShouldBe(1);
    }

    private static void CopySignature(HttpRequestMessage from, HttpRequestMessage to)
    {
        foreach (var header in new[] { AlertSignature.TimestampHeader, AlertSignature.NonceHeader, AlertSignature.SignatureHeader })
        {
            to.Headers.Remove(header);
            to.Headers.Add(header, from.Headers.GetValues(header).Single());
        }
    }

    private static HttpRequestMessage Signed(AlertMessage alert, DateTimeOffset at)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(alert, AlertJson.Options);
        var nonce = Guid.NewGuid().ToString("N");
        var request = new HttpRequestMessage(HttpMethod.Post, "/alerts") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add(AlertSignature.TimestampHeader, at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(AlertSignature.NonceHeader, nonce);
        request.Headers.Add(AlertSignature.SignatureHeader, AlertSignature.Compute(AlertFunctionFactory.ApiKey, at.ToUnixTimeSeconds(), nonce, body));
        return request;
    }

    private static async Task ShouldBeRefusedAsync(HttpResponseMessage response, string reason)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().ShouldContain(AlertSignature.SignatureHeader);
        var problem = await response.ReadProblemAsync();
        problem.GetProperty("status").GetInt32().ShouldBe(401);
        problem.GetProperty("detail").GetString()!.ShouldContain(reason);
    }

    private async Task ShouldNotHaveActedAsync(AlertMessage alert, string admin)
    {
        (await mail.EmailsToAsync(admin)).ShouldBeEmpty();
        (await postgres.FindDeliveryAsync(alert.AlertId)).ShouldBeNull();
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();
}
