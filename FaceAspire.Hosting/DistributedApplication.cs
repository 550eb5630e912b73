using FaceAspire.Hosting.ApplicationModel;
using FaceAspire.Hosting.Orchestration;

namespace FaceAspire.Hosting;

/// <summary>
/// Runs the resources of a <see cref="DistributedApplicationBuilder"/>: each starts as soon as what it waits
/// for is ready (or, for <c>WaitForCompletion</c>, has exited with code 0); processes are stopped in reverse
/// order, then the servers. A resource that fails to start, a one-shot step that exits non-zero and a service
/// that exits on its own all fail the application.
/// </summary>
public sealed class DistributedApplication : IAsyncDisposable
{
    private readonly DistributedApplicationOptions _options;
    private readonly PrefixedOutput _output;
    private readonly Dictionary<Resource, ResourceRuntime> _runtimes;
    private readonly HashSet<Resource> _oneShot;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource<string> _failure = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<Task> _startTasks = [];
    private int _stopped;

    internal DistributedApplication(IReadOnlyList<Resource> orderedResources, DistributedApplicationOptions options)
    {
        Resources = orderedResources;
        _options = options;
        _output = new PrefixedOutput(options.Output);
        _runtimes = orderedResources.ToDictionary(r => r, r => new ResourceRuntime(r));
        _oneShot = [.. orderedResources.SelectMany(r => r.WaitsForCompletion)];
    }

    /// <summary>The resources in start order.</summary>
    public IReadOnlyList<Resource> Resources { get; }

    /// <summary>Completes with a one-line reason when the application fails after (or while) starting.</summary>
    public Task<string> Failure => _failure.Task;

    /// <summary>Starts every resource and returns once all are ready and one-shot steps have finished.</summary>
    /// <exception cref="DistributedApplicationException">A resource failed; the message says which and why.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        foreach (var runtime in _runtimes.Values)
        {
            _startTasks.Add(StartResourceAsync(runtime, linked.Token));
        }

        var allReady = Task.WhenAll(_runtimes.Values.Select(r => _oneShot.Contains(r.Resource) ? r.Exited.Task : r.Ready.Task));
        var first = await Task.WhenAny(allReady, _failure.Task, Task.Delay(Timeout.Infinite, cancellationToken)).ConfigureAwait(false);
        if (first == _failure.Task)
        {
            throw new DistributedApplicationException(await _failure.Task.ConfigureAwait(false));
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>Waits until the resource named <paramref name="name"/> is ready.</summary>
    public Task WaitForResourceReadyAsync(string name, CancellationToken cancellationToken = default) =>
        _runtimes.Values.Single(r => r.Resource.Name == name).Ready.Task.WaitAsync(cancellationToken);

    /// <summary>
    /// Returns when <paramref name="cancellationToken"/> fires; throws when a resource fails first.
    /// </summary>
    /// <exception cref="DistributedApplicationException">A resource failed.</exception>
    public async Task WaitForShutdownAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAny(_failure.Task, Task.Delay(Timeout.Infinite, cancellationToken)).ConfigureAwait(false);
        if (_failure.Task.IsCompleted)
        {
            throw new DistributedApplicationException(await _failure.Task.ConfigureAwait(false));
        }
    }

    /// <summary>Starts everything, runs until <paramref name="cancellationToken"/> fires or a resource fails, then stops everything.</summary>
    /// <exception cref="DistributedApplicationException">A resource failed.</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await StartAsync(cancellationToken).ConfigureAwait(false);
            await WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C or SIGTERM while starting: a normal shutdown.
        }
        finally
        {
            await StopAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Stops every process (newest first) and then the servers. Safe to call more than once.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_startTasks.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default))).ConfigureAwait(false);
        foreach (var runtime in _runtimes.Values.Reverse())
        {
            if (runtime.Process is { } process)
            {
                var code = await process.StopAsync(_options.StopGracePeriod).ConfigureAwait(false);
                _output.WriteLine(runtime.Resource.Name, $"stopped (exit code {code})");
                process.Dispose();
            }
            else if (runtime.Resource is PostgresServerResource { Server: { } server })
            {
                await server.StopAsync().ConfigureAwait(false);
                _output.WriteLine(runtime.Resource.Name, "stopped");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task StartResourceAsync(ResourceRuntime runtime, CancellationToken cancellationToken)
    {
        var resource = runtime.Resource;
        try
        {
            foreach (var dependency in DependencyOrder.DependenciesOf(resource).Except(resource.WaitsForCompletion))
            {
                await _runtimes[dependency].Ready.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            foreach (var step in resource.WaitsForCompletion)
            {
                var code = await _runtimes[step].Exited.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
                if (code != 0)
                {
                    return; // The step's own watcher reports the failure.
                }
            }

            await ResourceStarter.StartAsync(runtime, _options, _output, cancellationToken).ConfigureAwait(false);
            runtime.Ready.TrySetResult();
            if (runtime.Process is { } process)
            {
                _ = WatchExitAsync(runtime, process);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            runtime.Ready.TrySetCanceled(cancellationToken);
        }
#pragma warning disable CA1031 // Any start failure becomes the application's one-line failure reason.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            runtime.Ready.TrySetException(ex);
            _failure.TrySetResult($"{resource.Name}: {ex.Message}");
        }
    }

    private async Task WatchExitAsync(ResourceRuntime runtime, ManagedProcess process)
    {
        var code = await process.Exited.ConfigureAwait(false);
        runtime.Exited.TrySetResult(code);
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        if (_oneShot.Contains(runtime.Resource))
        {
            if (code != 0)
            {
                _failure.TrySetResult($"{runtime.Resource.Name} exited with code {code}; the resources waiting for it were not started.");
            }

            return;
        }

        _failure.TrySetResult($"{runtime.Resource.Name} exited unexpectedly with code {code}.");
    }
}

/// <summary>A resource could not start or stopped unexpectedly; the message is one line for the developer.</summary>
public sealed class DistributedApplicationException(string message) : Exception(message);
