using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FaceAspire.TestSupport;

namespace FaceAspire.Api.Tests.Support;

/// <summary>
/// The real FaceAspire.AlertFunction (its built output, run as its own process as deployed) and a MailDev SMTP
/// server with a REST inbox, both on free ports. The function can be stopped and started again to stage an outage.
/// </summary>
public sealed class AlertFunctionHost : IAsyncDisposable
{
    public const string ApiKey = "api-tests-alert-key-0123456789abcdef";

    /// <summary>The administrators the function is configured to e-mail (<c>AlertFunction:Recipients</c>).</summary>
    public static IReadOnlyList<string> Administrators { get; } = ["admin-one@example.test", "admin-two@example.test"];
    private readonly string _connectionString;
    private readonly string _mailDirectory = Path.Combine(Path.GetTempPath(), $"faceaspire-api-maildev-{Guid.NewGuid():N}");
    private readonly HttpClient _http = new();
    private Process? _function;
    private Process? _mail;

    public AlertFunctionHost(string connectionString) => _connectionString = connectionString;

    public int FunctionPort { get; } = LocalPostgresServer.FreeTcpPort();

    public int SmtpPort { get; } = LocalPostgresServer.FreeTcpPort();

    public int MailWebPort { get; } = LocalPostgresServer.FreeTcpPort();

    public string FunctionUrl => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{FunctionPort}");

    public async Task StartAsync()
    {
        var maildev = RepositoryRoot.NodeModule("maildev", "dist", "bin", "maildev.js");
        var mail = new ProcessStartInfo("node");
        foreach (var argument in new[]
        {
            maildev, "--smtp", Port(SmtpPort), "--ip", "127.0.0.1", "--web", Port(MailWebPort), "--web-ip", "127.0.0.1",
            "--mail-directory", _mailDirectory, "--silent",
        })
        {
            mail.ArgumentList.Add(argument);
        }

        _mail = await ChildProcess.StartListeningAsync(mail, MailWebPort, "MailDev");
        await StartFunctionAsync();
    }

    public async Task StartFunctionAsync()
    {
        var start = new ProcessStartInfo("dotnet") { ArgumentList = { FunctionAssembly() } };
        start.Environment["ASPNETCORE_URLS"] = FunctionUrl;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__facedb"] = _connectionString;
        start.Environment["ConnectionStrings__mail"] = $"smtp://127.0.0.1:{Port(SmtpPort)}";
        start.Environment["AlertFunction__ApiKey"] = ApiKey;
        start.Environment["AlertFunction__PublicBaseUrl"] = Alerts.AlertsApiFactory.PublicBaseUrl;
        for (var i = 0; i < Administrators.Count; i++)
        {
            start.Environment[$"AlertFunction__Recipients__{i}"] = Administrators[i];
        }
        start.Environment["Smtp__From"] = "alerts@faceaspire.test";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        _function = await ChildProcess.StartListeningAsync(start, FunctionPort, "FaceAspire.AlertFunction");
    }

    public async Task StopFunctionAsync()
    {
        await ChildProcess.StopAsync(_function);
        _function = null;
    }

    /// <summary>Messages MailDev received for <paramref name="recipient"/>: subject, plain text and attachment media types.</summary>
    public async Task<List<(string Subject, string Text, List<string> Attachments)>> EmailsToAsync(string recipient)
    {
        using var emails = JsonDocument.Parse(await _http.GetStringAsync(new Uri($"http://127.0.0.1:{Port(MailWebPort)}/api/email")));
        return [.. emails.RootElement.EnumerateArray()
            .Where(e => e.GetProperty("to").EnumerateArray().Any(a => string.Equals(a.GetProperty("address").GetString(), recipient, StringComparison.OrdinalIgnoreCase)))
            .Select(e => (
                e.GetProperty("subject").GetString() ?? string.Empty,
                e.TryGetProperty("text", out var t) ? t.GetString() ?? string.Empty : string.Empty,
                e.TryGetProperty("attachments", out var a) && a.ValueKind == JsonValueKind.Array
                    ? a.EnumerateArray().Select(x => x.GetProperty("contentType").GetString() ?? string.Empty).ToList()
                    : []))];
    }

    public async ValueTask DisposeAsync()
    {
        await ChildProcess.StopAsync(_function);
        await ChildProcess.StopAsync(_mail);
        _http.Dispose();
        try
        {
            Directory.Delete(_mailDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    /// <summary>The function's build output beside this test project's (same configuration), built through the project reference.</summary>
    private static string FunctionAssembly()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var path = Path.Combine(RepositoryRoot.Path, "FaceAspire.AlertFunction", "bin", configuration, "net10.0", "FaceAspire.AlertFunction.dll");
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing: build the test project first.");
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
