using System.Globalization;

namespace FaceAspire.Hosting.ApplicationModel;

/// <summary>
/// MailDev from the repository's <c>node_modules</c>: an SMTP server that keeps every message and shows it
/// in a web inbox. Dependants get <c>ConnectionStrings__{name}=smtp://localhost:{port}</c>.
/// </summary>
public sealed class MailDevResource(string name, string scriptPath, int smtpPort) : ProcessResource(name), IResourceWithConnectionString
{
    /// <summary>Path of MailDev's command-line script.</summary>
    public string ScriptPath { get; } = scriptPath;

    /// <summary>Port the SMTP server listens on (127.0.0.1).</summary>
    public int SmtpPort { get; } = smtpPort;

    public override string WorkingDirectory => Path.GetDirectoryName(ScriptPath)!;

    public string GetConnectionString() => string.Create(CultureInfo.InvariantCulture, $"smtp://localhost:{SmtpPort}");

    public override (string FileName, IReadOnlyList<string> Arguments) GetCommand()
    {
        var webPort = HttpEndpoint?.Port ?? throw new InvalidOperationException($"'{Name}' has no web endpoint.");
        return ("node",
        [
            ScriptPath,
            "--smtp", SmtpPort.ToString(CultureInfo.InvariantCulture), "--ip", "127.0.0.1",
            "--web", webPort.ToString(CultureInfo.InvariantCulture), "--web-ip", "127.0.0.1",
        ]);
    }
}
