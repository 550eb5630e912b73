using System.Net;
using System.Net.Http.Json;
using System.Text;
using FaceAspire.AlertFunction.Contracts;

namespace FaceAspire.AlertFunction.Tests;

/// <summary>Requests the function must refuse: nothing is emailed and nothing is recorded.</summary>
public sealed class AlertRequestRejectionTests(PostgresFixture postgres, MailDevServer mail) : IClassFixture<MailDevServer>, IAsyncDisposable
{
    private readonly AlertFunctionFactory _factory = new(postgres, mail);

    [Fact]
    public async Task Invalid_alert_is_a_validation_problem_naming_each_bad_field()
    {
        var admin = TestAlerts.Admins(1)[0];
        var alert = TestAlerts.LowConfidence([admin, "Mallory <extra@evil.test>"]) with
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
        errors.ShouldBe(["reason", "bestConfidence", "reviewUrl", "recipients"], ignoreOrder: true);
        await ShouldNotHaveActedAsync(alert, admin);
    }

    [Fact]
    public async Task Thumbnail_over_64_KiB_is_refused()
    {
        var admin = TestAlerts.Admins(1)[0];
        var photo = await File.ReadAllBytesAsync(TestAlerts.SamplePhotoPath, TestContext.Current.CancellationToken);
        photo.Length.ShouldBeGreaterThan(64 * 1024);
        var alert = TestAlerts.LowConfidence([admin]) with { ThumbnailJpegBase64 = Convert.ToBase64String(photo) };

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
    [InlineData(null)]
    [InlineData("")]
    [InlineData("test-alert-key-0123456789abcdeX")]
    public async Task Missing_or_wrong_api_key_is_unauthorized(string? key)
    {
        var admin = TestAlerts.Admins(1)[0];
        var alert = TestAlerts.LowConfidence([admin]);
        using var client = _factory.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-FaceAspire-Alert-Key", key);
        }

        using var response = await client.PostAsJsonAsync("/alerts", alert, AlertJson.Options, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().ShouldContain("X-FaceAspire-Alert-Key");
        (await response.ReadProblemAsync()).GetProperty("status").GetInt32().ShouldBe(401);
        await ShouldNotHaveActedAsync(alert, admin);
    }

    private async Task ShouldNotHaveActedAsync(AlertMessage alert, string admin)
    {
        (await mail.EmailsToAsync(admin)).ShouldBeEmpty();
        (await postgres.FindDeliveryAsync(alert.AlertId)).ShouldBeNull();
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();
}
