namespace FaceAspire.AppHost;

/// <summary>
/// MailDev from the repository's <c>node_modules</c>: an SMTP server that keeps every message and shows it in a web
/// inbox. Dependants get <c>ConnectionStrings__{name}=smtp://localhost:{port}</c>.
/// </summary>
internal sealed class MailDevResource(string name, string workingDirectory)
    : ExecutableResource(name, "node", workingDirectory), IResourceWithConnectionString
{
    internal const string SmtpEndpointName = "smtp";
    internal const string HttpEndpointName = "http";

    public EndpointReference SmtpEndpoint => new(this, SmtpEndpointName);

    public EndpointReference HttpEndpoint => new(this, HttpEndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"smtp://{SmtpEndpoint.Property(EndpointProperty.Host)}:{SmtpEndpoint.Property(EndpointProperty.Port)}");
}

internal static class MailDevBuilderExtensions
{
    /// <summary>Relative path of MailDev's script inside <c>node_modules</c>.</summary>
    public const string ScriptInNodeModules = "maildev/dist/bin/maildev.js";

    /// <summary>Adds MailDev run by Node from <paramref name="nodeModules"/>; its inbox is a link in the dashboard.</summary>
    public static IResourceBuilder<MailDevResource> AddMailDev(this IDistributedApplicationBuilder builder, string name, string nodeModules)
    {
        var script = Path.GetFullPath(Path.Combine(nodeModules, ScriptInNodeModules));
        var mail = new MailDevResource(name, Path.GetDirectoryName(script)!);
        return builder.AddResource(mail)
            .WithIconName("Mail")
            .WithEndpoint(name: MailDevResource.SmtpEndpointName, scheme: "tcp")
            .WithHttpEndpoint(name: MailDevResource.HttpEndpointName)
            .WithUrlForEndpoint(MailDevResource.HttpEndpointName, url => url.DisplayText = "Inbox")
            .WithArgs(context =>
            {
                context.Args.Add(script);
                context.Args.Add("--smtp");
                context.Args.Add(mail.SmtpEndpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("--ip");
                context.Args.Add("127.0.0.1");
                context.Args.Add("--web");
                context.Args.Add(mail.HttpEndpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("--web-ip");
                context.Args.Add("127.0.0.1");
            })
            .WithHttpHealthCheck("/api/healthz", endpointName: MailDevResource.HttpEndpointName);
    }
}
