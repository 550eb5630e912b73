using FaceAspire.Hosting.ApplicationModel;

namespace FaceAspire.Hosting;

/// <summary>Fluent handle on one resource, as Aspire's <c>IResourceBuilder&lt;T&gt;</c>.</summary>
public sealed class ResourceBuilder<T>
    where T : Resource
{
    internal ResourceBuilder(DistributedApplicationBuilder application, T resource)
    {
        ApplicationBuilder = application;
        Resource = resource;
    }

    /// <summary>The builder this resource belongs to.</summary>
    public DistributedApplicationBuilder ApplicationBuilder { get; }

    /// <summary>The resource.</summary>
    public T Resource { get; }

    /// <summary>Starts this resource only once <paramref name="dependency"/> is ready (healthy).</summary>
    public ResourceBuilder<T> WaitFor<TOther>(ResourceBuilder<TOther> dependency)
        where TOther : Resource
    {
        ArgumentNullException.ThrowIfNull(dependency);
        Resource.AddWaitFor(dependency.Resource);
        return this;
    }

    /// <summary>Starts this resource only once <paramref name="dependency"/> has exited with code 0.</summary>
    public ResourceBuilder<T> WaitForCompletion<TOther>(ResourceBuilder<TOther> dependency)
        where TOther : ProcessResource
    {
        ArgumentNullException.ThrowIfNull(dependency);
        Resource.AddWaitForCompletion(dependency.Resource);
        return this;
    }
}
