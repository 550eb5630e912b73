using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FaceAspire.AlertFunction.Contracts;
using FaceAspire.AlertFunction.Http;
using FaceAspire.AlertFunction.Mail;

namespace FaceAspire.AlertFunction.Tests;

/// <summary>
/// Account notices through <c>POST /alerts</c> against real PostgreSQL (with an accounts table) and MailDev: the
/// function mails the address it looks up for the account, never one from the message.
/// </summary>
public sealed class AccountNoticeTests(PostgresFixture postgres, MailDevServer mail) : IClassFixture<MailDevServer>, IAsyncDisposable
{
    private readonly AlertFunctionFactory _factory = new(postgres, mail);

    [Fact]
    public async Task A_registration_attempt_notice_is_emailed_once_to_the_accounts_own_address_with_a_sign_in_link()
    {
        var (accountId, owner) = await postgres.AddAccountAsync();
        var notice = TestAlerts.Notice(accountId);

        using var first = await _factory.PostNoticeAsync(notice);
        using var again = await _factory.PostNoticeAsync(notice);

        (await first.ReadReceiptAsync()).ShouldBe(new AlertReceipt(notice.NoticeId, "sent"));
        (await again.ReadReceiptAsync()).ShouldBe(new AlertReceipt(notice.NoticeId, "duplicate"));
        var email = (await mail.EmailsToAsync(owner)).ShouldHaveSingleItem();
        email.To.ShouldBe([owner]);
        email.Subject.ShouldBe(AccountNoticeComposer.RegistrationAttemptSubject);
        email.Text.ShouldContain("Someone tried to create a new FaceAspire account with this e-mail address on 2026-12-06 07:15 UTC.");
        email.Text.ShouldContain("nothing about your account changed");
        email.Text.ShouldContain($"{AlertFunctionFactory.PublicBaseUrl}signin");
        email.Parse().HtmlBody.ShouldNotBeNull().ShouldContain($"<a href=\"{AlertFunctionFactory.PublicBaseUrl}signin\">");
        (await postgres.FindDeliveryAsync(notice.NoticeId)).ShouldNotBeNull().DeliveredTo.ShouldBe([owner]);
        foreach (var admin in _factory.Admins)
        {
            (await mail.EmailsToAsync(admin)).ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task A_welcome_notice_tells_the_new_account_its_account_is_ready()
    {
        var (accountId, owner) = await postgres.AddAccountAsync();

        using var response = await _factory.PostNoticeAsync(TestAlerts.Notice(accountId, AccountNoticeMessage.Welcome));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var email = (await mail.EmailsToAsync(owner)).ShouldHaveSingleItem();
        email.Subject.ShouldBe(AccountNoticeComposer.WelcomeSubject);
        email.Text.ShouldContain("A FaceAspire account was created for this e-mail address on 2026-12-06 07:15 UTC.");
    }

    [Fact]
    public async Task Addresses_in_a_notice_are_ignored_only_the_accounts_own_address_is_emailed()
    {
        var (accountId, owner) = await postgres.AddAccountAsync();
        var intruder = $"intruder-{Guid.NewGuid():N}@evil.test";
        var body = JsonSerializer.SerializeToNode(TestAlerts.Notice(accountId), AlertJson.Options)!.AsObject();
        body["email"] = intruder;
        body["recipients"] = new JsonArray(intruder);

        using var response = await PostSignedAsync(body.ToJsonString());

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await mail.EmailsToAsync(owner)).Count.ShouldBe(1);
        (await mail.EmailsToAsync(intruder)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_notice_for_an_account_that_no_longer_exists_is_acknowledged_and_emails_nobody()
    {
        var notice = TestAlerts.Notice(Guid.NewGuid());

        using var response = await _factory.PostNoticeAsync(notice);

        (await response.ReadReceiptAsync()).ShouldBe(new AlertReceipt(notice.NoticeId, "skipped"));
        (await postgres.FindDeliveryAsync(notice.NoticeId)).ShouldBeNull();
    }

    [Fact]
    public async Task An_invalid_notice_is_a_validation_problem_naming_each_bad_field()
    {
        var (accountId, owner) = await postgres.AddAccountAsync();
        var notice = TestAlerts.Notice(accountId) with { Notice = "password-reset", NoticeId = Guid.Empty };

        using var response = await _factory.PostNoticeAsync(notice);
        using var unknownKind = await PostSignedAsync($$"""{"kind": "invoice", "accountId": "{{accountId}}"}""");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadProblemAsync()).GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldBe(["noticeId", "notice"], ignoreOrder: true);
        unknownKind.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await unknownKind.ReadProblemAsync()).GetProperty("errors").TryGetProperty("kind", out _).ShouldBeTrue();
        (await mail.EmailsToAsync(owner)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("forged-key-0123456789abcdefghij")]
    public async Task An_unsigned_or_forged_notice_is_refused_and_emails_nobody(string? secret)
    {
        var (accountId, owner) = await postgres.AddAccountAsync();
        var notice = TestAlerts.Notice(accountId);
        using var client = secret is null ? _factory.CreateClient() : _factory.CreateDefaultClient(new SigningHandler(secret));

        using var response = await client.PostAsJsonAsync("/alerts", notice, AlertJson.Options, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await mail.EmailsToAsync(owner)).ShouldBeEmpty();
        (await postgres.FindDeliveryAsync(notice.NoticeId)).ShouldBeNull();
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private async Task<HttpResponseMessage> PostSignedAsync(string json)
    {
        using var client = _factory.CreateAuthorizedClient();
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        return await client.PostAsync("/alerts", content, TestContext.Current.CancellationToken);
    }
}
