using FaceAspire.Hosting.ApplicationModel;

namespace FaceAspire.Hosting;

/// <summary>Adding MailDev, the local SMTP server with a web inbox.</summary>
public static class MailDevBuilderExtensions
{
    /// <summary>Relative path of MailDev's script inside <c>node_modules</c>.</summary>
    public const string ScriptInNodeModules = "maildev/dist/bin/maildev.js";

    /// <summary>Adds MailDev run by Node from <paramref name="nodeModulesDirectory"/>, with its inbox on a free port.</summary>
    public static ResourceBuilder<MailDevResource> AddMailDev(
        this DistributedApplicationBuilder builder, string name, string nodeModulesDirectory, int smtpPort = 0)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var script = Path.GetFullPath(Path.Combine(nodeModulesDirectory, ScriptInNodeModules));
        var resource = new MailDevResource(name, script, smtpPort == 0 ? LocalPostgresServer.FreeTcpPort() : smtpPort);
        return builder.AddResource(resource).WithHttpEndpoint().WithHttpHealthCheck("/api/healthz");
    }
}
