using FaceAspire.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace FaceAspire.Web.Tests;

/// <summary>The main journey through the real front end, proxy, API, database and image pipeline.</summary>
public sealed class PhotoJourneyTests(AppStack stack)
{
    private const string Password = "velvet-harbour-lantern-42";

    [Fact]
    public async Task Users_upload_browse_and_delete_their_own_photos_and_never_see_each_others()
    {
        var alice = $"alice-{Guid.NewGuid():N}@example.com";
        var bob = $"bob-{Guid.NewGuid():N}@example.com";
        await using var aliceSession = await BrowserSession.OpenAsync(stack);
        var page = aliceSession.Page;

        await aliceSession.RegisterAsync(alice, Password);
        await aliceSession.SignInAsync(alice, Password);
        await Assertions.Expect(aliceSession.PhotoCount).ToHaveTextAsync("0 photos");

        // Two real photos and one fake, chosen together: each gets its own row, progress and outcome.
        await page.GetByRole(AriaRole.Link, new() { Name = "Upload photos" }).ClickAsync();
        var fake = TestPhotos.FakeJpeg(Path.Combine(Path.GetTempPath(), $"faceaspire-web-upload-{Guid.NewGuid():N}"));
        await page.GetByLabel("Photos to upload").SetInputFilesAsync([TestPhotos.Sample(1), TestPhotos.Sample(2), fake]);
        var uploads = page.GetByRole(AriaRole.List, new() { Name = "Uploads" }).GetByRole(AriaRole.Listitem);
        await Assertions.Expect(uploads).ToHaveCountAsync(3);
        var done = page.Locator("[data-state=done]");
        await Assertions.Expect(done).ToHaveCountAsync(2, new() { Timeout = 60_000 });
        foreach (var bar in await done.Locator("progress").AllAsync())
        {
            await Assertions.Expect(bar).ToHaveAttributeAsync("value", "100");
        }

        var rejected = page.Locator("[data-state=failed]");
        await Assertions.Expect(rejected).ToHaveCountAsync(1);
        await Assertions.Expect(rejected).ToContainTextAsync("not-a-photo.jpg");
        var rejection = (await rejected.GetByRole(AriaRole.Alert).TextContentAsync())?.Trim();
        rejection.ShouldNotBeNullOrEmpty("the API's problem detail or title is shown for the rejected file");

        await aliceSession.OpenGalleryAsync();
        await Assertions.Expect(aliceSession.PhotoCount).ToHaveTextAsync("2 photos");
        await BrowserSession.ExpectImagesLoadedAsync(aliceSession.Thumbnails, 2);
        await aliceSession.ScreenshotAsync("gallery-desktop.png");
        await page.SetViewportSizeAsync(375, 812);
        await aliceSession.ScreenshotAsync("gallery-phone.png");
        await page.SetViewportSizeAsync(1280, 900);

        await aliceSession.Thumbnails.First.ClickAsync();
        await Assertions.Expect(page.GetByText("Dimensions")).ToBeVisibleAsync();
        await BrowserSession.ExpectImagesLoadedAsync(page.Locator("figure img"), 1);
        var alicePhotoUrl = page.Url;
        await aliceSession.ScreenshotAsync("photo-desktop.png");

        // A reload loses the in-memory token; the refresh cookie must bring the session back.
        await page.ReloadAsync();
        await BrowserSession.ExpectImagesLoadedAsync(page.Locator("figure img"), 1);

        await using (var bobSession = await BrowserSession.OpenAsync(stack))
        {
            await bobSession.RegisterAsync(bob, Password);
            await bobSession.SignInAsync(bob, Password);
            await Assertions.Expect(bobSession.PhotoCount).ToHaveTextAsync("0 photos");
            await bobSession.Page.GotoAsync(alicePhotoUrl);
            await Assertions.Expect(bobSession.Page.GetByRole(AriaRole.Heading, new() { Name = "Photo not found" })).ToBeVisibleAsync();
            await Assertions.Expect(bobSession.Page.Locator("figure img")).ToHaveCountAsync(0);

            await bobSession.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
            await Assertions.Expect(bobSession.Page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
            await bobSession.Page.GotoAsync("/photos");
            await Assertions.Expect(bobSession.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin\\?redirect="));
            bobSession.Problems.ShouldBeEmpty();
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Delete photo" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, delete" }).ClickAsync();
        await Assertions.Expect(aliceSession.PhotoCount).ToHaveTextAsync("1 photo");
        await BrowserSession.ExpectImagesLoadedAsync(aliceSession.Thumbnails, 1);
        await page.GotoAsync(alicePhotoUrl);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Photo not found" })).ToBeVisibleAsync();

        // Change the password, sign out, and only the new password signs back in.
        const string NewPassword = "quiet-meadow-copper-58";
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Account" }).ClickAsync();
        await page.GetByLabel("Current password").FillAsync(Password);
        await page.GetByLabel("New password").FillAsync(NewPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Password changed.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();

        await page.GetByLabel("E-mail").FillAsync(alice);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await aliceSession.SignInAsync(alice, NewPassword);
        await Assertions.Expect(aliceSession.PhotoCount).ToHaveTextAsync("1 photo");

        aliceSession.Problems.ShouldBeEmpty();
    }
}
