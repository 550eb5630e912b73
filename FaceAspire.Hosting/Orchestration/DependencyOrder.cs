using FaceAspire.Hosting.ApplicationModel;

namespace FaceAspire.Hosting.Orchestration;

/// <summary>Orders resources so that each comes after everything it waits for (stable, cycle-checked).</summary>
internal static class DependencyOrder
{
    public static IEnumerable<Resource> DependenciesOf(Resource resource) =>
        resource.WaitsFor.Concat(resource.WaitsForCompletion)
            .Concat(resource.Parent is null ? [] : [resource.Parent])
            .Distinct();

    public static void Sort(List<Resource> resources)
    {
        var ordered = new List<Resource>(resources.Count);
        var state = new Dictionary<Resource, bool>(); // false: visiting, true: done
        foreach (var resource in resources)
        {
            Visit(resource, resources, state, ordered, []);
        }

        resources.Clear();
        resources.AddRange(ordered);
    }

    private static void Visit(Resource resource, List<Resource> all, Dictionary<Resource, bool> state, List<Resource> ordered, List<string> path)
    {
        if (state.TryGetValue(resource, out var done))
        {
            if (!done)
            {
                throw new InvalidOperationException($"Resources wait for each other in a cycle: {string.Join(" -> ", path)} -> {resource.Name}.");
            }

            return;
        }

        if (!all.Contains(resource))
        {
            throw new InvalidOperationException($"'{path[^1]}' waits for '{resource.Name}', which was not added to the application.");
        }

        state[resource] = false;
        path.Add(resource.Name);
        foreach (var dependency in DependenciesOf(resource))
        {
            Visit(dependency, all, state, ordered, path);
        }

        path.RemoveAt(path.Count - 1);
        state[resource] = true;
        ordered.Add(resource);
    }
}
