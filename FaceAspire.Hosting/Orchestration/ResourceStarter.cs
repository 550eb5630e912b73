using FaceAspire.Hosting.ApplicationModel;

namespace FaceAspire.Hosting.Orchestration;

/// <summary>Starts one resource of each kind and waits until it is ready.</summary>
internal static class ResourceStarter
{
    public static Task StartAsync(ResourceRuntime runtime, DistributedApplicationOptions options, PrefixedOutput output, CancellationToken cancellationToken) =>
        runtime.Resource switch
        {
            PostgresServerResource server => StartPostgresAsync(server, output, cancellationToken),
            ProcessResource process => StartProcessAsync(runtime, process, options, output, cancellationToken),
            _ => Task.CompletedTask, // Databases are ready once their server is.
        };

    private static async Task StartPostgresAsync(PostgresServerResource resource, PrefixedOutput output, CancellationToken cancellationToken)
    {
        var stateDirectory = await PostgresStateDirectory.ResolveAsync(resource.StateDirectory, cancellationToken).ConfigureAwait(false);
        var server = await LocalPostgresServer.StartAsync(stateDirectory, resource.Port, cancellationToken).ConfigureAwait(false);
        resource.Server = server;
        foreach (var database in resource.Databases)
        {
            await server.EnsureDatabaseAsync(database.DatabaseName, cancellationToken).ConfigureAwait(false);
        }

        output.WriteLine(resource.Name, $"PostgreSQL listening on 127.0.0.1:{server.Port}, data in {stateDirectory}");
    }

    private static async Task StartProcessAsync(
        ResourceRuntime runtime, ProcessResource resource, DistributedApplicationOptions options, PrefixedOutput output, CancellationToken cancellationToken)
    {
        var environment = ResourceEnvironment.Build(resource, options.HostEnvironment);
        var (fileName, leadingArguments) = resource.GetCommand();
        var process = ManagedProcess.Start(
            resource.Name, fileName, leadingArguments.Concat(resource.Arguments), resource.WorkingDirectory, environment, output);
        runtime.Process = process;
        if (resource is { HttpEndpoint: { } endpoint, HealthCheckPath: { } path })
        {
            var exited = process.Exited.ContinueWith(
                t => $"it exited with code {t.Result} before it was healthy", CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            await HealthProbe.WaitUntilHealthyAsync(new Uri(endpoint.Url, path), options.HealthTimeout, exited, cancellationToken).ConfigureAwait(false);
            output.WriteLine(resource.Name, $"healthy at {endpoint.Url}");
        }
    }
}
