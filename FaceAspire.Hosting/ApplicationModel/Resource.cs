namespace FaceAspire.Hosting.ApplicationModel;

/// <summary>
/// Something the AppHost starts and watches: a server, a one-shot step or a service. Mirrors Aspire's
/// <c>IResource</c>: a name, plus the resources that must be ready (or finished) before it starts.
/// </summary>
public abstract class Resource
{
    private readonly List<Resource> _waitFor = [];
    private readonly List<Resource> _waitForCompletion = [];
    private readonly List<Resource> _references = [];

    protected Resource(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>Resource name; also the key of its connection string and service endpoint variables.</summary>
    public string Name { get; }

    /// <summary>Resources that must be ready (healthy) before this one starts.</summary>
    public IReadOnlyList<Resource> WaitsFor => _waitFor;

    /// <summary>Resources that must have exited with code 0 before this one starts.</summary>
    public IReadOnlyList<Resource> WaitsForCompletion => _waitForCompletion;

    /// <summary>Resources whose connection string or endpoint this one receives in its environment.</summary>
    public IReadOnlyList<Resource> References => _references;

    /// <summary>The resource this one belongs to (a database's server); it is ready when its parent is.</summary>
    public virtual Resource? Parent => null;

    internal void AddWaitFor(Resource dependency) => AddOnce(_waitFor, dependency);

    internal void AddWaitForCompletion(Resource dependency) => AddOnce(_waitForCompletion, dependency);

    internal void AddReference(Resource reference) => AddOnce(_references, reference);

    private void AddOnce(List<Resource> list, Resource other)
    {
        if (ReferenceEquals(other, this))
        {
            throw new InvalidOperationException($"Resource '{Name}' cannot depend on itself.");
        }

        if (!list.Contains(other))
        {
            list.Add(other);
        }
    }

    public override string ToString() => Name;
}

/// <summary>A resource that hands dependants a connection string (<c>ConnectionStrings__{Name}</c>).</summary>
public interface IResourceWithConnectionString
{
    /// <summary>Resource name, the key of the connection string.</summary>
    string Name { get; }

    /// <summary>The connection string; available once the resource is ready.</summary>
    string GetConnectionString();
}
