using System.Text.Json;
using System.Text.RegularExpressions;
using FaceAspire.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace FaceAspire.Web.Tests;

/// <summary>
/// Real photos through the real face engine, seen in the browser: the analysis on the photo page, gallery badges
/// and filters, and the administrators' review of a photo the analysis flagged.
/// </summary>
public sealed partial class AnalysisJourneyTests(AppStack stack)
{
    private const string Password = "copper-lantern-meadow-93";
    private static readonly string[] YesNoAttributes = ["Smile", "EyesOpen", "MouthOpen", "Eyeglasses", "Sunglasses", "Beard", "Mustache"];

    // The first analysis of a run also imports the face models, which takes a while on a small machine.
    private static readonly LocatorAssertionsToBeVisibleOptions AnalysisWait = new() { Timeout = 180_000 };
    private static readonly LocatorAssertionsToHaveTextOptions AnalysisText = new() { Timeout = 180_000 };

    [Fact]
    public async Task A_face_photo_shows_its_faces_over_the_image_with_their_attributes()
    {
        await using var session = await BrowserSession.OpenAsync(stack);
        var page = session.Page;
        var email = $"faces-{Guid.NewGuid():N}@example.com";
        await session.RegisterAsync(email, Password);
        await session.SignInAsync(email, Password);
        await session.UploadAsync(TestPhotos.SamplePayload(1));

        // The gallery refreshes itself while the photo is analysed: its badge turns into a face count unaided.
        await session.OpenGalleryAsync();
        await Assertions.Expect(page.GetByTestId("face-badge")).ToHaveTextAsync(new Regex("^\\d+ faces?$"), AnalysisText);
        await session.Thumbnails.First.ClickAsync();
        var status = page.GetByTestId("analysis-status");
        await Assertions.Expect(status).ToHaveTextAsync(FacesFound(), AnalysisText);
        var faceCount = int.Parse(FacesFound().Match(await status.InnerTextAsync()).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        faceCount.ShouldBeGreaterThan(0);

        // One box per face over the photo, with landmarks, and one button per face beside it.
        var overlay = page.GetByTestId("face-overlay");
        await Assertions.Expect(overlay.Locator("rect")).ToHaveCountAsync(faceCount);
        (await overlay.Locator("circle").CountAsync()).ShouldBeGreaterThan(faceCount);
        var faces = page.GetByRole(AriaRole.List, new() { Name = "Faces" }).GetByRole(AriaRole.Button);
        await Assertions.Expect(faces).ToHaveCountAsync(faceCount);
        await Assertions.Expect(faces.First).ToHaveAttributeAsync("aria-pressed", "true");

        // The boxes sit on the rendered photo: inside the image's rectangle at this window size.
        await BrowserSession.ExpectImagesLoadedAsync(page.Locator("figure img"), 1);
        var image = (await page.Locator("figure img").BoundingBoxAsync())!;
        var box = (await overlay.Locator("rect").First.BoundingBoxAsync())!;
        box.X.ShouldBeGreaterThanOrEqualTo(image.X - 1);
        (box.X + box.Width).ShouldBeLessThanOrEqualTo(image.X + image.Width + 1);
        box.Width.ShouldBeGreaterThan(10);

        var detail = page.GetByTestId("face-detail");
        await Assertions.Expect(detail.GetByRole(AriaRole.Heading, new() { Name = "Face 1" })).ToBeVisibleAsync();
        await Assertions.Expect(detail).ToContainTextAsync("Age range");
        await Assertions.Expect(detail).ToContainTextAsync("Gender");
        await Assertions.Expect(detail).ToContainTextAsync("Pose");

        // The stored result, downloaded as the user would, lists the same faces with the attributes shown.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download JSON" }).ClickAsync());
        using var result = JsonDocument.Parse(await File.ReadAllTextAsync(await download.PathAsync(), TestContext.Current.CancellationToken));
        var details = result.RootElement.GetProperty("FaceDetails");
        details.GetArrayLength().ShouldBe(faceCount);
        var shown = YesNoAttributes.Count(name => details[0].TryGetProperty(name, out _));
        await Assertions.Expect(detail.GetByTestId("face-attributes").Locator("meter")).ToHaveCountAsync(shown);
        var emotions = details[0].GetProperty("Emotions").GetArrayLength();
        emotions.ShouldBeGreaterThan(0);
        await Assertions.Expect(detail.GetByRole(AriaRole.Group, new() { Name = "Emotions" }).Locator("meter")).ToHaveCountAsync(emotions);
        await session.ScreenshotAsync("analysis-desktop.png");

        // The keyboard selects another face, and both the list and the overlay follow.
        if (faceCount > 1)
        {
            await faces.Nth(1).FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(faces.Nth(1)).ToHaveAttributeAsync("aria-pressed", "true");
            await Assertions.Expect(detail.GetByRole(AriaRole.Heading, new() { Name = "Face 2" })).ToBeVisibleAsync();
            await Assertions.Expect(overlay.Locator("g.selected")).ToHaveAttributeAsync("data-face", "2");
        }

        await page.SetViewportSizeAsync(375, 812);
        await session.ScreenshotAsync("analysis-phone.png");
        await page.SetViewportSizeAsync(1280, 900);

        // Re-analysis goes back through the queue and comes back with the same number of faces.
        var panel = page.Locator("section[data-requested-at]");
        var firstRequest = await panel.GetAttributeAsync("data-requested-at");
        await page.GetByRole(AriaRole.Button, new() { Name = "Re-analyse" }).ClickAsync();
        await Assertions.Expect(panel).Not.ToHaveAttributeAsync("data-requested-at", firstRequest!);
        await Assertions.Expect(status).ToHaveTextAsync($"{faceCount} {(faceCount == 1 ? "face" : "faces")} found. Choose one for its details.", AnalysisText);

        await session.OpenGalleryAsync();
        await Assertions.Expect(page.GetByTestId("face-badge")).ToHaveTextAsync(faceCount == 1 ? "1 face" : $"{faceCount} faces");
        await page.GetByLabel("Show").SelectOptionAsync("noFace");
        await Assertions.Expect(page.GetByText("No photos match this filter.")).ToBeVisibleAsync();
        session.Problems.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_admin_reviews_a_flagged_photo_that_other_users_cannot_reach()
    {
        var owner = $"owner-{Guid.NewGuid():N}@example.com";
        var admin = $"admin-{Guid.NewGuid():N}@example.com";
        await stack.CreateAdminAsync(admin, Password);

        await using var ownerSession = await BrowserSession.OpenAsync(stack);
        var page = ownerSession.Page;
        await ownerSession.RegisterAsync(owner, Password);
        await ownerSession.SignInAsync(owner, Password);
        await ownerSession.UploadAsync(await TestPhotos.NoFacePngAsync(page));
        await ownerSession.OpenGalleryAsync();
        await ownerSession.Thumbnails.First.ClickAsync();
        await Assertions.Expect(page.GetByText("No face was found in this photo.")).ToBeVisibleAsync(AnalysisWait);
        await ownerSession.OpenGalleryAsync();
        await Assertions.Expect(page.GetByTestId("face-badge")).ToHaveTextAsync("No face");
        await page.GetByLabel("Show").SelectOptionAsync("noFace");
        await Assertions.Expect(ownerSession.PhotoCount).ToHaveTextAsync("1 photo");

        // A user has no review link, and the admin pages look like any unknown page.
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Reviews" })).ToHaveCountAsync(0);
        await page.GotoAsync("/admin/reviews");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Page not found" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Table)).ToHaveCountAsync(0);

        await using var adminSession = await BrowserSession.OpenAsync(stack);
        var adminPage = adminSession.Page;
        await adminSession.SignInAsync(admin, Password);
        await adminPage.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Reviews" }).ClickAsync();
        await Assertions.Expect(adminPage.GetByRole(AriaRole.Heading, new() { Name = "Review queue" })).ToBeVisibleAsync();
        var row = adminPage.GetByRole(AriaRole.Row).Filter(new() { HasText = owner });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync("no face");
        await row.GetByRole(AriaRole.Link).ClickAsync();

        await Assertions.Expect(adminPage.GetByTestId("review-status")).ToHaveTextAsync("open");
        await BrowserSession.ExpectImagesLoadedAsync(adminPage.Locator("figure img"), 1);
        await adminPage.GetByLabel("Comment (optional)").FillAsync("Landscape, no person in it.");
        await adminPage.GetByRole(AriaRole.Button, new() { Name = "Mark reviewed" }).ClickAsync();
        await Assertions.Expect(adminPage.GetByRole(AriaRole.Status)).ToHaveTextAsync("Marked as reviewed.");
        await Assertions.Expect(adminPage.GetByTestId("review-status")).ToHaveTextAsync("reviewed");
        var audit = adminPage.GetByRole(AriaRole.List, new() { Name = "Audit trail" });
        await Assertions.Expect(audit).ToContainTextAsync("Landscape, no person in it.");
        await Assertions.Expect(audit).ToContainTextAsync(admin);
        await Assertions.Expect(adminPage.GetByRole(AriaRole.Button, new() { Name = "Mark reviewed" })).ToHaveCountAsync(0);
        await adminSession.ScreenshotAsync("review-desktop.png");

        // The alert e-mail links straight to the item: signed out, the admin signs in and lands on it.
        var reviewUrl = adminPage.Url;
        await using (var fromEmail = await BrowserSession.OpenAsync(stack, width: 375, height: 812))
        {
            await fromEmail.Page.GotoAsync(reviewUrl);
            await fromEmail.Page.GetByLabel("E-mail").FillAsync(admin);
            await fromEmail.Page.GetByLabel("Password").FillAsync(Password);
            await fromEmail.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Assertions.Expect(fromEmail.Page).ToHaveURLAsync(reviewUrl);
            await Assertions.Expect(fromEmail.Page.GetByTestId("review-status")).ToHaveTextAsync("reviewed");
            fromEmail.Problems.ShouldBeEmpty();
        }

        // The owner cannot open the item either: the same not-found page as any unknown address.
        await page.GotoAsync(new Uri(reviewUrl).AbsolutePath);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Page not found" })).ToBeVisibleAsync();

        await adminPage.GetByRole(AriaRole.Link, new() { Name = "Review queue" }).ClickAsync();
        await Assertions.Expect(adminPage.GetByTestId("review-count")).ToBeVisibleAsync();
        await Assertions.Expect(adminPage.GetByRole(AriaRole.Row).Filter(new() { HasText = owner })).ToHaveCountAsync(0);
        await adminPage.GetByLabel("Status").SelectOptionAsync("reviewed");
        await Assertions.Expect(adminPage.GetByRole(AriaRole.Row).Filter(new() { HasText = owner })).ToHaveCountAsync(1);

        ownerSession.Problems.ShouldBeEmpty();
        adminSession.Problems.ShouldBeEmpty();
    }

    [GeneratedRegex("(\\d+) faces? found")]
    private static partial Regex FacesFound();
}
