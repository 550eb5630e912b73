using System.Net;

namespace FaceAspire.AppHost.Tests;

public sealed class HealthProbeTests
{
    private static readonly Task<string> NeverGiveUp = new TaskCompletionSource<string>().Task;

    /// <summary>A real HTTP listener answering 503 to the first requests, then 200 on /health.</summary>
    private sealed class TinyHealthServer : IDisposable
    {
        private readonly HttpListener _listener = new();
        private int _requests;

        public TinyHealthServer(int unhealthyAnswers)
        {
            Port = LocalPostgresServer.FreeTcpPort();
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            _listener.Start();
            _ = Task.Run(async () =>
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext context;
                    try
                    {
                        context = await _listener.GetContextAsync();
                    }
                    catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                    {
                        return;
                    }

                    var count = Interlocked.Increment(ref _requests);
                    context.Response.StatusCode = context.Request.Url!.AbsolutePath == "/health" && count > unhealthyAnswers ? 200 : 503;
                    context.Response.Close();
                }
            });
        }

        public int Port { get; }

        public int Requests => Volatile.Read(ref _requests);

        public Uri Health => new($"http://127.0.0.1:{Port}/health");

        public void Dispose() => _listener.Close();
    }

    [Fact]
    public async Task Waits_through_unhealthy_answers_until_the_endpoint_is_healthy()
    {
        using var server = new TinyHealthServer(unhealthyAnswers: 3);

        await HealthProbe.WaitUntilHealthyAsync(server.Health, TimeSpan.FromSeconds(20), NeverGiveUp, TestContext.Current.CancellationToken);

        server.Requests.ShouldBe(4);
    }

    [Fact]
    public async Task Times_out_with_the_last_answer_seen()
    {
        using var server = new TinyHealthServer(unhealthyAnswers: int.MaxValue);

        var error = await Should.ThrowAsync<TimeoutException>(() =>
            HealthProbe.WaitUntilHealthyAsync(server.Health, TimeSpan.FromSeconds(1), NeverGiveUp, TestContext.Current.CancellationToken));

        error.Message.ShouldContain("503");
    }

    [Fact]
    public async Task Stops_waiting_when_the_process_is_gone()
    {
        var nothingListens = new Uri($"http://127.0.0.1:{LocalPostgresServer.FreeTcpPort()}/health");
        var exited = Task.Delay(300, TestContext.Current.CancellationToken).ContinueWith(_ => "it exited with code 1", TaskScheduler.Default);
        var started = DateTime.UtcNow;

        var error = await Should.ThrowAsync<InvalidOperationException>(() =>
            HealthProbe.WaitUntilHealthyAsync(nothingListens, TimeSpan.FromMinutes(1), exited, TestContext.Current.CancellationToken));

        error.Message.ShouldBe("it exited with code 1");
        (DateTime.UtcNow - started).ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }
}
