using FaceAspire.Hosting.ApplicationModel;

namespace FaceAspire.Hosting.Orchestration;

/// <summary>What the orchestrator knows about one resource while the application runs.</summary>
internal sealed class ResourceRuntime(Resource resource)
{
    public Resource Resource { get; } = resource;

    /// <summary>Completes when the resource is ready for its dependants.</summary>
    public TaskCompletionSource Ready { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the exit code once the process has exited.</summary>
    public TaskCompletionSource<int> Exited { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ManagedProcess? Process { get; set; }
}
