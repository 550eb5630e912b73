using System.Text.RegularExpressions;
using FaceAspire.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace FaceAspire.Web.Tests;

/// <summary>
/// The low-confidence promise end to end, every part a real process: a photo without a face goes through the face
/// engine, the API's outbox hands the alert to the alert function, which emails the bootstrapped administrator through
/// MailDev; the administrator follows the email's link to the review and resolves it.
/// </summary>
public sealed partial class AlertJourneyTests(AppStack stack)
{
    private const string Password = "amber-harbour-lighthouse-27";

    // The first analysis of a run also imports the face models, which takes a while on a small machine.
    private static readonly LocatorAssertionsToBeVisibleOptions AnalysisWait = new() { Timeout = 180_000 };

    [Fact]
    public async Task A_photo_without_a_face_emails_the_administrators_a_link_to_its_review()
    {
        var landscape = TestPhotos.LandscapePayload();
        var cancellationToken = TestContext.Current.CancellationToken;
        var owner = $"hiker-{Guid.NewGuid():N}@example.com";

        await using var ownerSession = await BrowserSession.OpenAsync(stack);
        var page = ownerSession.Page;
        await ownerSession.RegisterAsync(owner, Password);
        await ownerSession.SignInAsync(owner, Password);
        await ownerSession.UploadAsync(landscape);
        await ownerSession.OpenGalleryAsync();
        await ownerSession.Thumbnails.First.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(PhotoPage());
        var photoId = PhotoPage().Match(page.Url).Groups[1].Value;
        await Assertions.Expect(page.GetByText("No face was found in this photo.")).ToBeVisibleAsync(AnalysisWait);

        // The alert reaches the bootstrapped administrator, about this photo and its owner, never the owner.
        var email = await stack.Mail.WaitForEmailAsync(
            stack.AdminEmail, e => e.Subject.Contains(photoId, StringComparison.Ordinal), TimeSpan.FromSeconds(60), cancellationToken);
        email.Subject.ShouldBe($"FaceAspire alert: no face found in photo {photoId}", stack.ServiceLog);
        email.Text.ShouldContain(owner);
        email.Text.ShouldContain("no face found");
        // The owner's only mail is the welcome of the registration: nothing about the review.
        (await stack.Mail.WaitForEmailAsync(owner, _ => true, TimeSpan.FromSeconds(30), cancellationToken)).Subject.ShouldBe("Your FaceAspire account is ready");
        (await stack.Mail.EmailsToAsync(owner, e => e.Subject.Contains(photoId, StringComparison.Ordinal), cancellationToken)).ShouldBeEmpty();

        // The administrator opens the email as MailDev shows it and follows its link, signed out at first.
        await using var adminSession = await BrowserSession.OpenAsync(stack);
        var adminPage = adminSession.Page;
        await adminPage.GotoAsync(stack.Mail.HtmlUrl(email).ToString());
        var link = adminPage.GetByRole(AriaRole.Link, new() { Name = "Review the photo" });
        var reviewUrl = await link.GetAttributeAsync("href");
        reviewUrl.ShouldNotBeNull();
        reviewUrl.ShouldMatch($"^{Regex.Escape(stack.WebUrl.ToString())}admin/reviews/[0-9a-f-]{{36}}$");
        email.Text.ShouldContain(reviewUrl);
        await link.ClickAsync();
        await adminPage.GetByLabel("E-mail").FillAsync(stack.AdminEmail);
        await adminPage.GetByLabel("Password").FillAsync(stack.AdminPassword);
        await adminPage.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(adminPage).ToHaveURLAsync(reviewUrl);

        // The link's item is this photo, open, with the photo itself.
        await Assertions.Expect(adminPage.GetByTestId("review-status")).ToHaveTextAsync("open");
        await Assertions.Expect(adminPage.GetByRole(AriaRole.Heading, new() { Name = "Review: NoFace" })).ToBeVisibleAsync();
        await Assertions.Expect(adminPage.Locator("dl")).ToContainTextAsync(owner);
        await BrowserSession.ExpectImagesLoadedAsync(adminPage.Locator("figure img"), 1);
        var shown = await adminPage.Locator("figure img").EvaluateAsync<int[]>("img => [img.naturalWidth, img.naturalHeight]");
        shown.ShouldBe([565, 339]);

        // It waits in the queue, once, and the queue leads back to the same item.
        await adminPage.GetByRole(AriaRole.Link, new() { Name = "Review queue" }).ClickAsync();
        var row = adminPage.GetByRole(AriaRole.Row).Filter(new() { HasText = owner });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync("no face");
        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(adminPage).ToHaveURLAsync(reviewUrl);

        await adminPage.GetByLabel("Comment (optional)").FillAsync("Mountains at sunset; nobody in it.");
        await adminPage.GetByRole(AriaRole.Button, new() { Name = "Dismiss" }).ClickAsync();
        await Assertions.Expect(adminPage.GetByRole(AriaRole.Status)).ToHaveTextAsync("Dismissed.");
        await Assertions.Expect(adminPage.GetByTestId("review-status")).ToHaveTextAsync("dismissed");
        var audit = adminPage.GetByRole(AriaRole.List, new() { Name = "Audit trail" });
        await Assertions.Expect(audit).ToContainTextAsync("Mountains at sunset; nobody in it.");
        await Assertions.Expect(audit).ToContainTextAsync(stack.AdminEmail);
        // Out of the open queue (once it has loaded), in the dismissed one.
        await adminPage.GetByRole(AriaRole.Link, new() { Name = "Review queue" }).ClickAsync();
        await Assertions.Expect(adminPage.GetByTestId("review-count")).ToBeVisibleAsync();
        await Assertions.Expect(adminPage.GetByRole(AriaRole.Row).Filter(new() { HasText = owner })).ToHaveCountAsync(0);
        await adminPage.GetByLabel("Status").SelectOptionAsync("dismissed");
        await Assertions.Expect(adminPage.GetByRole(AriaRole.Row).Filter(new() { HasText = owner })).ToHaveCountAsync(1);

        // Meanwhile the owner's photo page shows the no-face result, unchanged by the review.
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("analysis-status")).ToHaveTextAsync("No face was found in this photo.");
        await ownerSession.OpenGalleryAsync();
        await Assertions.Expect(page.GetByTestId("face-badge")).ToHaveTextAsync("No face");

        // One alert, one email per administrator: nothing was sent twice.
        (await stack.Mail.EmailsToAsync(stack.AdminEmail, e => e.Subject.Contains(photoId, StringComparison.Ordinal), cancellationToken)).Count.ShouldBe(1);
        ownerSession.Problems.ShouldBeEmpty();
        adminSession.Problems.ShouldBeEmpty();
    }

    [GeneratedRegex("/photos/([0-9a-f-]{36})$")]
    private static partial Regex PhotoPage();
}
