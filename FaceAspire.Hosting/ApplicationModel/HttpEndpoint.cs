namespace FaceAspire.Hosting.ApplicationModel;

/// <summary>
/// The HTTP endpoint a process resource listens on. A null <see cref="TargetPort"/> means "any free port",
/// chosen when the application is built so that dependants know it before the process starts.
/// </summary>
public sealed class HttpEndpoint
{
    private int? _port;

    internal HttpEndpoint(int? targetPort) => TargetPort = targetPort;

    /// <summary>The port asked for, or null for a free one.</summary>
    public int? TargetPort { get; }

    /// <summary>The allocated port.</summary>
    public int Port => _port ?? throw new InvalidOperationException("The endpoint's port is allocated when the application is built.");

    /// <summary>Base URL, e.g. <c>http://localhost:8080</c>.</summary>
    public Uri Url => new($"http://localhost:{Port}");

    internal void Allocate(Func<int> freePort) => _port ??= TargetPort ?? freePort();
}
