using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using FaceAspire.TestSupport;

namespace FaceAspire.AlertFunction.Tests.Support;

/// <summary>
/// A real MailDev process (SMTP server with a REST inbox) from the repository's node_modules, on free
/// ports with its own mail folder. It can be stopped and started again on the same ports to stage an outage.
/// </summary>
public sealed class MailDevServer : IAsyncLifetime
{
    private readonly string _mailDirectory = Path.Combine(Path.GetTempPath(), $"faceaspire-maildev-{Guid.NewGuid():N}");
    private readonly HttpClient _http = new();
    private Process? _process;

    public int SmtpPort { get; } = LocalPostgresServer.FreeTcpPort();

    public int WebPort { get; } = LocalPostgresServer.FreeTcpPort();

    /// <summary>Value for <c>ConnectionStrings:mail</c>, as the AppHost writes it.</summary>
    public string ConnectionString => string.Create(CultureInfo.InvariantCulture, $"smtp://127.0.0.1:{SmtpPort}");

    private Uri Api => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{WebPort}/api/"));

    public ValueTask InitializeAsync() => new(StartAsync());

    /// <summary>Starts MailDev and waits until its inbox answers.</summary>
    public async Task StartAsync()
    {
        var script = Path.Combine(RepositoryPaths.NodeModules, "maildev", "dist", "bin", "maildev.js");
        File.Exists(script).ShouldBeTrue($"MailDev is missing; run npm ci at the repository root ({script}).");
        var startInfo = new ProcessStartInfo("node")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryPaths.Root,
        };
        foreach (var argument in new[]
        {
            script, "--smtp", SmtpPort.ToString(CultureInfo.InvariantCulture), "--ip", "127.0.0.1",
            "--web", WebPort.ToString(CultureInfo.InvariantCulture), "--web-ip", "127.0.0.1",
            "--mail-directory", _mailDirectory, "--silent",
        })
        {
            startInfo.ArgumentList.Add(argument);
        }

        _process = Process.Start(startInfo) ?? throw new InvalidOperationException("node could not be started.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            _process.HasExited.ShouldBeFalse("MailDev exited during start-up.");
            try
            {
                using var response = await _http.GetAsync(new Uri(Api, "healthz"));
                if (response.IsSuccessStatusCode && await SmtpAcceptsAsync())
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, "MailDev did not start within 30 s.");
            await Task.Delay(100);
        }
    }

    /// <summary>Kills MailDev, so that SMTP connections are refused.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>Every message in the inbox addressed to <paramref name="recipient"/>.</summary>
    public async Task<IReadOnlyList<ReceivedEmail>> EmailsToAsync(string recipient)
    {
        var emails = await _http.GetFromJsonAsync<JsonElement>(new Uri(Api, "email"));
        var result = new List<ReceivedEmail>();
        foreach (var email in emails.EnumerateArray())
        {
            var to = email.GetProperty("to").EnumerateArray().Select(address => address.GetProperty("address").GetString()!).ToList();
            if (to.Contains(recipient, StringComparer.OrdinalIgnoreCase))
            {
                var id = email.GetProperty("id").GetString()!;
                var source = await _http.GetStringAsync(new Uri(Api, $"email/{id}/source"));
                var attachments = email.TryGetProperty("attachments", out var list) && list.ValueKind == JsonValueKind.Array
                    ? list.EnumerateArray().Select(a => new ReceivedAttachment(
                        a.GetProperty("contentType").GetString(),
                        a.TryGetProperty("contentId", out var cid) ? cid.GetString() : null,
                        a.TryGetProperty("contentDisposition", out var disposition) ? disposition.GetString() : null,
                        a.GetProperty("size").GetInt32())).ToList()
                    : [];
                result.Add(new ReceivedEmail(
                    to,
                    email.GetProperty("subject").GetString() ?? string.Empty,
                    email.TryGetProperty("text", out var text) ? text.GetString() ?? string.Empty : string.Empty,
                    source,
                    attachments));
            }
        }

        return result;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _http.Dispose();
        try
        {
            Directory.Delete(_mailDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
        }
    }

    private async Task<bool> SmtpAcceptsAsync()
    {
        try
        {
            using var client = new System.Net.Sockets.TcpClient();
            await client.ConnectAsync("127.0.0.1", SmtpPort);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }
}

/// <summary>A message as MailDev received it; <see cref="Source"/> is the raw MIME text.</summary>
public sealed record ReceivedEmail(IReadOnlyList<string> To, string Subject, string Text, string Source, IReadOnlyList<ReceivedAttachment> Attachments)
{
    /// <summary>The raw message parsed back with MimeKit, to read the HTML part and headers as sent.</summary>
    public MimeKit.MimeMessage Parse()
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Source));
        return MimeKit.MimeMessage.Load(stream);
    }
}

/// <summary>A MIME part MailDev lists as an attachment (inline images included).</summary>
public sealed record ReceivedAttachment(string? ContentType, string? ContentId, string? ContentDisposition, int Size);
