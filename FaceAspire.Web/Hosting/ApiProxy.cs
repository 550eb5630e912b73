using FaceAspire.ServiceDefaults;
using Yarp.ReverseProxy.Configuration;

namespace FaceAspire.Web.Hosting;

/// <summary>
/// Forwards the API's routes to the API service so the browser talks to one origin: the refresh cookie
/// (SameSite=Strict, path /api/auth) and the strict CSP (connect-src 'self') both depend on that.
/// The destination <c>http://api</c> is resolved by service discovery from <c>services__api__http__0</c>.
/// AWS tools call the Rekognition-compatible API at the application's base URL (<c>POST /</c> with
/// <c>X-Amz-Target</c>); those requests go to the API with their original <c>Host</c>, which their Signature
/// Version 4 covers, while a browser's <c>GET /</c> still gets the app.
/// </summary>
public static class ApiProxy
{
    /// <summary>Path prefixes served by the API rather than by the front end.</summary>
    public static readonly IReadOnlyList<string> ForwardedPrefixes = ["/api", "/openapi", "/scalar"];

    /// <summary>The header that marks an AWS JSON 1.1 request (e.g. <c>RekognitionService.DetectFaces</c>).</summary>
    public const string AwsTargetHeader = "X-Amz-Target";

    private const string ClusterId = ResourceNames.Api;

    /// <summary>Registers YARP with in-code routes and service-discovery destination resolution.</summary>
    public static WebApplicationBuilder AddApiProxy(this WebApplicationBuilder builder)
    {
        builder.Services.AddReverseProxy()
            .LoadFromMemory(Routes(), [Cluster()])
            .AddServiceDiscoveryDestinationResolver();
        return builder;
    }

    /// <summary>Maps the proxy, turning a failure to reach the API into a problem response.</summary>
    public static WebApplication MapApiProxy(this WebApplication app)
    {
        app.MapReverseProxy(pipeline =>
        {
            pipeline.UseMiddleware<ProxyErrorProblems>();
            pipeline.UseSessionAffinity();
            pipeline.UseLoadBalancing();
            pipeline.UsePassiveHealthChecks();
        });
        return app;
    }

    private static RouteConfig[] Routes() =>
    [
        .. ForwardedPrefixes.Select(prefix => new RouteConfig
        {
            RouteId = prefix.TrimStart('/'),
            ClusterId = ClusterId,
            Match = new RouteMatch { Path = prefix + "/{**rest}" },
            // The API sets and enforces its own upload limits and answers with problem details; a lower limit
            // here would cut uploads off with a bare 413 before the API could explain.
            MaxRequestBodySize = -1,
        }),
        new RouteConfig
        {
            RouteId = "rekognition",
            ClusterId = ClusterId,
            Match = new RouteMatch
            {
                Path = "/",
                Methods = ["POST"],
                Headers = [new RouteHeader { Name = AwsTargetHeader, Mode = HeaderMatchMode.Exists }],
            },
            // The API limits the body (Rekognition's 5 MB image) and answers in the AWS error format.
            MaxRequestBodySize = -1,
            // The client signed the Host it called: the API verifies the signature against that same Host.
            Transforms = [new Dictionary<string, string>(StringComparer.Ordinal) { ["RequestHeaderOriginalHost"] = "true" }],
        },
    ];

    private static ClusterConfig Cluster() => new()
    {
        ClusterId = ClusterId,
        Destinations = new Dictionary<string, DestinationConfig>(StringComparer.Ordinal)
        {
            [ResourceNames.Api] = new() { Address = $"http://{ResourceNames.Api}" },
        },
    };
}
