using FaceAspire.Hosting.ApplicationModel;
using FaceAspire.Hosting.Orchestration;

namespace FaceAspire.Hosting;

/// <summary>
/// Collects the resources of a local development environment and builds a <see cref="DistributedApplication"/>
/// that starts them in dependency order. A small stand-in for Aspire's builder of the same name.
/// </summary>
public sealed class DistributedApplicationBuilder
{
    private readonly List<Resource> _resources = [];

    /// <summary>Creates a builder.</summary>
    /// <param name="options">Where state lives, which environment the AppHost itself runs in, where logs go.</param>
    public DistributedApplicationBuilder(DistributedApplicationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
    }

    /// <summary>The options the builder was created with.</summary>
    public DistributedApplicationOptions Options { get; }

    /// <summary>The AppHost's own environment (read for pass-through variables such as the OTLP endpoint).</summary>
    public IReadOnlyDictionary<string, string> HostEnvironment => Options.HostEnvironment;

    /// <summary>Resources added so far, in the order they were added.</summary>
    public IReadOnlyList<Resource> Resources => _resources;

    /// <summary>Adds a resource; names must be unique.</summary>
    public ResourceBuilder<T> AddResource<T>(T resource)
        where T : Resource
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (_resources.Any(existing => string.Equals(existing.Name, resource.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException($"A resource named '{resource.Name}' already exists.");
        }

        _resources.Add(resource);
        return new ResourceBuilder<T>(this, resource);
    }

    /// <summary>Allocates ports and freezes the model.</summary>
    public DistributedApplication Build()
    {
        var allocated = new HashSet<int>();
        foreach (var endpoint in _resources.OfType<ProcessResource>().Select(r => r.HttpEndpoint).OfType<HttpEndpoint>())
        {
            endpoint.Allocate(() => FreePortNotIn(allocated));
            if (!allocated.Add(endpoint.Port))
            {
                throw new InvalidOperationException($"Port {endpoint.Port} is used by two resources.");
            }
        }

        DependencyOrder.Sort(_resources);
        return new DistributedApplication([.. _resources], Options);
    }

    private static int FreePortNotIn(HashSet<int> taken)
    {
        while (true)
        {
            var port = LocalPostgresServer.FreeTcpPort();
            if (!taken.Contains(port))
            {
                return port;
            }
        }
    }
}

/// <summary>Settings of a <see cref="DistributedApplicationBuilder"/>.</summary>
public sealed class DistributedApplicationOptions
{
    /// <summary>The AppHost's environment; defaults to the current process's variables.</summary>
    public IReadOnlyDictionary<string, string> HostEnvironment { get; init; } = CurrentEnvironment();

    /// <summary>Where prefixed resource output and AppHost messages go.</summary>
    public TextWriter Output { get; init; } = Console.Out;

    /// <summary>How long a resource may take to become healthy.</summary>
    public TimeSpan HealthTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a process has to exit after SIGTERM before it is killed.</summary>
    public TimeSpan StopGracePeriod { get; init; } = TimeSpan.FromSeconds(10);

    private static Dictionary<string, string> CurrentEnvironment() =>
        System.Environment.GetEnvironmentVariables()
            .Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => e.Value?.ToString() ?? string.Empty, StringComparer.Ordinal);
}
