using FaceAspire.AppHost.Tests.Support;

namespace FaceAspire.AppHost.Tests;

/// <summary>The orchestrator with real processes: Node HTTP servers and shell steps.</summary>
public sealed class OrchestrationTests : IDisposable
{
    // Listens on PORT only after a delay, so a dependant started too early would find nothing there.
    private const string SlowServer =
        "setTimeout(() => require('http').createServer((q, r) => { r.statusCode = q.url === '/health' ? 200 : 404; r.end('ok'); })" +
        ".listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening')), 1500)";

    // Exits 0 only if the referenced server answers its health check.
    private const string HealthClient =
        "fetch(process.env.services__server__http__0 + '/health').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(2))";

    private readonly TempDirectory _temp = new();
    private readonly CapturedOutput _output = new();

    private DistributedApplicationBuilder NewBuilder() => new(new DistributedApplicationOptions
    {
        Output = _output,
        HealthTimeout = TimeSpan.FromSeconds(30),
        StopGracePeriod = TimeSpan.FromSeconds(5),
    });

    [Fact]
    public async Task Dependants_start_after_WaitFor_targets_are_healthy_and_after_WaitForCompletion_steps_succeed()
    {
        var builder = NewBuilder();
        var server = builder.AddExecutable("server", "node", _temp.Path, "-e", SlowServer).WithHttpEndpoint().WithHttpHealthCheck();
        var client = builder.AddExecutable("client", "node", _temp.Path, "-e", HealthClient).WithReference(server).WaitFor(server);
        var service = builder.AddExecutable("service", "sh", _temp.Path, "-c", "echo started; sleep 300").WaitForCompletion(client);
        await using var app = builder.Build();

        await app.StartAsync(TestContext.Current.CancellationToken);

        app.Resources.Select(r => r.Name).ShouldBe(["server", "client", "service"]);
        await WaitForLineAsync("[service] started");
        var lines = _output.Lines();
        Array.IndexOf(lines, "[server] listening").ShouldBeLessThan(Array.FindIndex(lines, l => l.StartsWith("[server] healthy", StringComparison.Ordinal)));
        app.Failure.IsCompleted.ShouldBeFalse();

        await app.StopAsync();
        _output.Lines().ShouldContain(line => line.StartsWith("[service] stopped", StringComparison.Ordinal));
        _output.Lines().ShouldContain(line => line.StartsWith("[server] stopped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failing_step_fails_the_start_and_its_dependants_never_start()
    {
        var marker = _temp.File("dependant-ran");
        var builder = NewBuilder();
        var step = builder.AddExecutable("migrations", "sh", _temp.Path, "-c", "echo cannot migrate >&2; exit 3");
        builder.AddExecutable("api", "sh", _temp.Path, "-c", $"touch '{marker}'; sleep 300").WaitForCompletion(step);
        await using var app = builder.Build();

        var error = await Should.ThrowAsync<DistributedApplicationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        error.Message.ShouldBe("migrations exited with code 3; the resources waiting for it were not started.");
        _output.Lines().ShouldContain("[migrations] cannot migrate");
        File.Exists(marker).ShouldBeFalse();
    }

    [Fact]
    public async Task A_service_that_exits_on_its_own_fails_the_application()
    {
        var builder = NewBuilder();
        builder.AddExecutable("api", "sh", _temp.Path, "-c", "sleep 0.5; exit 4");
        await using var app = builder.Build();
        await app.StartAsync(TestContext.Current.CancellationToken);

        var error = await Should.ThrowAsync<DistributedApplicationException>(() =>
            app.WaitForShutdownAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken));

        error.Message.ShouldBe("api exited unexpectedly with code 4.");
    }

    [Fact]
    public async Task A_service_that_never_becomes_healthy_fails_with_the_reason()
    {
        var builder = NewBuilder();
        builder.AddExecutable("api", "sh", _temp.Path, "-c", "echo crashing; exit 1").WithHttpEndpoint().WithHttpHealthCheck();
        await using var app = builder.Build();

        var error = await Should.ThrowAsync<DistributedApplicationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        error.Message.ShouldBe("api: it exited with code 1 before it was healthy");
    }

    [Fact]
    public void Cycles_and_port_clashes_are_refused_when_the_model_is_built()
    {
        var cyclic = NewBuilder();
        var a = cyclic.AddExecutable("a", "true", _temp.Path);
        var b = cyclic.AddExecutable("b", "true", _temp.Path).WaitFor(a);
        a.WaitFor(b);
        Should.Throw<InvalidOperationException>(() => cyclic.Build()).Message.ShouldContain("cycle");

        var clashing = NewBuilder();
        clashing.AddExecutable("a", "true", _temp.Path).WithHttpEndpoint(18080);
        clashing.AddExecutable("b", "true", _temp.Path).WithHttpEndpoint(18080);
        Should.Throw<InvalidOperationException>(() => clashing.Build()).Message.ShouldContain("18080");

        Should.Throw<InvalidOperationException>(() => clashing.AddExecutable("A", "true", _temp.Path)).Message.ShouldContain("already exists");
    }

    public void Dispose()
    {
        _output.Dispose();
        _temp.Dispose();
    }

    private async Task WaitForLineAsync(string line)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!_output.Lines().Contains(line) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        _output.Lines().ShouldContain(line);
    }
}
