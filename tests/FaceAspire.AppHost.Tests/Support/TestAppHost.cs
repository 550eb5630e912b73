using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SkiaSharp;

namespace FaceAspire.AppHost.Tests.Support;

/// <summary>
/// The real AppHost built in process by Aspire.Hosting.Testing, with its state in a temporary folder and the web front
/// end on a free port; ready once Aspire reports the web front end healthy (which waits for everything it needs).
/// </summary>
internal static class TestAppHost
{
    // A cold start takes about 40 s on a busy 2-core machine.
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    public static async Task<DistributedApplication> StartAsync(string stateDirectory, params string[] settings)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var port = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.FaceAspire_AppHost>(
            [$"FACEASPIRE_STATE_DIR={stateDirectory}", $"FACEASPIRE_PORT={port}", .. settings], cancellationToken);
        builder.Services.AddLogging(logging => logging
            .SetMinimumLevel(LogLevel.Information)
            .AddProvider(new TestOutputLoggerProvider(TestContext.Current.TestOutputHelper)));
        var app = await builder.BuildAsync(cancellationToken);
        try
        {
            await app.StartAsync(cancellationToken).WaitAsync(StartTimeout, cancellationToken);
            await app.ResourceNotifications.WaitForResourceHealthyAsync("web", cancellationToken).WaitAsync(StartTimeout, cancellationToken);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>Registers an account through the front end and returns a client that carries its access token.</summary>
    public static async Task<HttpClient> SignedInClientAsync(DistributedApplication app, string email, string password)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var http = app.CreateHttpClient("web");
        var credentials = new { email, password };
        var register = await http.PostAsJsonAsync(new Uri("/api/auth/register", UriKind.Relative), credentials, cancellationToken);
        register.IsSuccessStatusCode.ShouldBeTrue(await register.Content.ReadAsStringAsync(cancellationToken));
        return await SignInAsync(app, email, password);
    }

    public static async Task<HttpClient> SignInAsync(DistributedApplication app, string email, string password)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var http = app.CreateHttpClient("web");
        var login = await http.PostAsJsonAsync(new Uri("/api/auth/login", UriKind.Relative), new { email, password }, cancellationToken);
        login.IsSuccessStatusCode.ShouldBeTrue(await login.Content.ReadAsStringAsync(cancellationToken));
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("accessToken").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>Uploads one JPEG and returns the new photo's id.</summary>
    public static async Task<string> UploadAsync(HttpClient http, byte[] jpeg, string fileName)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(jpeg);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(file, "file", fileName);
        var upload = await http.PostAsync(new Uri("/api/photos", UriKind.Relative), form, cancellationToken);
        upload.IsSuccessStatusCode.ShouldBeTrue(await upload.Content.ReadAsStringAsync(cancellationToken));
        return (await upload.Content.ReadFromJsonAsync<JsonElement>(cancellationToken))[0].GetProperty("id").GetString()!;
    }

    /// <summary>Polls the photo's analysis until it is no longer pending or running.</summary>
    public static async Task<JsonElement> WaitForAnalysisAsync(HttpClient http, string photoId, TimeSpan timeout)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var analysis = await http.GetFromJsonAsync<JsonElement>(new Uri($"/api/photos/{photoId}/analysis", UriKind.Relative), cancellationToken);
            var status = analysis.GetProperty("status").GetString();
            if (status is not ("pending" or "running") || DateTime.UtcNow > deadline)
            {
                return analysis;
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    /// <summary>A face-free JPEG (a gradient with a few shapes), made at test time.</summary>
    public static byte[] FacelessJpeg(int seed)
    {
        using var surface = SKSurface.Create(new SKImageInfo(640, 480));
        var canvas = surface.Canvas;
        using var gradient = SKShader.CreateLinearGradient(
            new SKPoint(0, 0), new SKPoint(640, 480), [new SKColor((byte)(40 * seed), 90, 160), SKColors.Khaki], SKShaderTileMode.Clamp);
        using var paint = new SKPaint { Shader = gradient };
        canvas.DrawRect(0, 0, 640, 480, paint);
        using var shapes = new SKPaint { Color = SKColors.DarkOliveGreen, IsAntialias = true };
        canvas.DrawRect(60 + (10 * seed), 300, 200, 120, shapes);
        canvas.DrawCircle(480, 140 + (5 * seed), 60, shapes);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }
}
