using FaceAspire.Hosting.ApplicationModel;

namespace FaceAspire.Hosting;

/// <summary>Adding and configuring process resources (.NET projects and executables).</summary>
public static class ResourceBuilderExtensions
{
    /// <summary>Adds a .NET project, run from its built assembly.</summary>
    public static ResourceBuilder<ProjectResource> AddProject(this DistributedApplicationBuilder builder, string name, IProjectMetadata project)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddResource(new ProjectResource(name, project));
    }

    /// <summary>Adds the .NET project described by the generated <c>Projects.*</c> class <typeparamref name="TProject"/>.</summary>
    public static ResourceBuilder<ProjectResource> AddProject<TProject>(this DistributedApplicationBuilder builder, string name)
        where TProject : IProjectMetadata, new() => builder.AddProject(name, new TProject());

    /// <summary>Adds a program, started in <paramref name="workingDirectory"/> with <paramref name="arguments"/>.</summary>
    public static ResourceBuilder<ExecutableResource> AddExecutable(
        this DistributedApplicationBuilder builder, string name, string command, string workingDirectory, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var resource = builder.AddResource(new ExecutableResource(name, command, workingDirectory));
        resource.Resource.AddArguments(arguments);
        return resource;
    }

    /// <summary>Appends command-line arguments.</summary>
    public static ResourceBuilder<T> WithArgs<T>(this ResourceBuilder<T> builder, params string[] arguments)
        where T : ProcessResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Resource.AddArguments(arguments);
        return builder;
    }

    /// <summary>Sets one environment variable of the process.</summary>
    public static ResourceBuilder<T> WithEnvironment<T>(this ResourceBuilder<T> builder, string name, string value)
        where T : ProcessResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Resource.SetEnvironment(name, value);
        return builder;
    }

    /// <summary>Copies a variable from the AppHost's own environment under another name, if it is set there.</summary>
    public static ResourceBuilder<T> WithEnvironmentFromHost<T>(this ResourceBuilder<T> builder, string hostVariable, string name)
        where T : ProcessResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.ApplicationBuilder.HostEnvironment.TryGetValue(hostVariable, out var value) && !string.IsNullOrEmpty(value))
        {
            builder.Resource.SetEnvironment(name, value);
        }

        return builder;
    }

    /// <summary>
    /// Gives the process the connection string (<c>ConnectionStrings__{name}</c>) or the service endpoint
    /// (<c>services__{name}__http__0</c>) of <paramref name="reference"/>.
    /// </summary>
    public static ResourceBuilder<T> WithReference<T, TOther>(this ResourceBuilder<T> builder, ResourceBuilder<TOther> reference)
        where T : ProcessResource
        where TOther : Resource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Resource is not IResourceWithConnectionString && reference.Resource is not ProcessResource { HttpEndpoint: not null })
        {
            throw new InvalidOperationException(
                $"'{reference.Resource.Name}' has neither a connection string nor an HTTP endpoint to reference.");
        }

        builder.Resource.AddReference(reference.Resource);
        return builder;
    }

    /// <summary>Gives the process an HTTP endpoint on <paramref name="port"/>, or on a free port when null.</summary>
    public static ResourceBuilder<T> WithHttpEndpoint<T>(this ResourceBuilder<T> builder, int? port = null)
        where T : ProcessResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Resource.HttpEndpoint = new HttpEndpoint(port);
        return builder;
    }

    /// <summary>Treats the process as ready only once <paramref name="path"/> on its endpoint answers 2xx.</summary>
    public static ResourceBuilder<T> WithHttpHealthCheck<T>(this ResourceBuilder<T> builder, string path = "/health")
        where T : ProcessResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Resource.HttpEndpoint is null)
        {
            throw new InvalidOperationException($"'{builder.Resource.Name}' needs an HTTP endpoint before a health check.");
        }

        builder.Resource.HealthCheckPath = path;
        return builder;
    }
}
