using System.Globalization;
using FaceAspire.Hosting.ApplicationModel;

namespace FaceAspire.Hosting.Orchestration;

/// <summary>
/// The variables a process resource starts with, named the way Aspire names them so the services stay
/// Aspire-compatible: <c>ConnectionStrings__{name}</c>, <c>services__{name}__http__0</c>, <c>OTEL_*</c>,
/// <c>ASPNETCORE_URLS</c>.
/// </summary>
public static class ResourceEnvironment
{
    /// <summary>The OTLP endpoint variable, passed on only when the AppHost itself has it.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Computes the environment of <paramref name="resource"/>; references must be ready.</summary>
    /// <param name="resource">The process resource.</param>
    /// <param name="hostEnvironment">The AppHost's own environment.</param>
    public static IReadOnlyDictionary<string, string> Build(ProcessResource resource, IReadOnlyDictionary<string, string> hostEnvironment)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(hostEnvironment);
        var environment = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["OTEL_SERVICE_NAME"] = resource.Name,
        };
        if (hostEnvironment.TryGetValue(OtlpEndpointVariable, out var otlp) && !string.IsNullOrWhiteSpace(otlp))
        {
            environment[OtlpEndpointVariable] = otlp;
        }

        if (resource.IsAspNetCore)
        {
            environment["ASPNETCORE_ENVIRONMENT"] = "Development";
            environment["DOTNET_ENVIRONMENT"] = "Development";
            if (resource.HttpEndpoint is { } endpoint)
            {
                environment["ASPNETCORE_URLS"] = endpoint.Url.GetLeftPart(UriPartial.Authority);
            }
        }
        else if (resource.HttpEndpoint is { } endpoint)
        {
            environment["PORT"] = endpoint.Port.ToString(CultureInfo.InvariantCulture);
        }

        foreach (var reference in resource.References)
        {
            switch (reference)
            {
                case IResourceWithConnectionString withConnectionString:
                    environment[$"ConnectionStrings__{reference.Name}"] = withConnectionString.GetConnectionString();
                    break;
                case ProcessResource { HttpEndpoint: { } endpoint }:
                    environment[$"services__{reference.Name}__http__0"] = endpoint.Url.GetLeftPart(UriPartial.Authority);
                    break;
                default:
                    throw new InvalidOperationException($"'{resource.Name}' references '{reference.Name}', which exposes nothing to reference.");
            }
        }

        foreach (var (name, value) in resource.Environment)
        {
            environment[name] = value;
        }

        return environment;
    }
}
