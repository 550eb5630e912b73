using FaceAspire.ServiceDefaults;
using Npgsql;

namespace FaceAspire.Api.Infrastructure;

/// <summary>The PostgreSQL notification channels the schema's triggers notify (see the DatabaseNotifications migration).</summary>
public static class DatabaseChannels
{
    /// <summary>An analysis job became pending (queued, re-queued or retried) on any instance; no payload.</summary>
    public const string AnalysisJobs = "faceaspire_analysis_jobs";

    /// <summary>An analysis ended (succeeded or failed) or was deleted with its photo; the payload is the photo id.</summary>
    public const string AnalysisResults = "faceaspire_analysis_results";

    /// <summary>A refresh token was revoked, re-dated or deleted; the payload is its session (family) id.</summary>
    public const string Sessions = "faceaspire_sessions";
}

/// <summary>A feature's interest in one notification channel. Handlers run on the listener's thread: keep them short.</summary>
public interface IDatabaseNotificationListener
{
    string Channel { get; }

    void OnNotification(string payload);

    /// <summary>
    /// Called with true once the channel is listened to (again) and with false when listening stops: notifications sent
    /// in between are lost, so what a feature derived from them must be dropped at both moments.
    /// </summary>
    void OnListeningChanged(bool listening);
}

/// <summary>
/// One connection per API instance that <c>LISTEN</c>s to the channels of the registered
/// <see cref="IDatabaseNotificationListener"/>s and hands each notification to its listeners. The connection is
/// outside the pool (a listening session must not serve queries), kept alive, and reopened with back-off after an
/// outage; while it is down every listener is told so and falls back (workers to polling, caches to the database).
/// </summary>
public sealed partial class DatabaseNotifications(
    IConfiguration configuration, IEnumerable<IDatabaseNotificationListener> listeners, ILogger<DatabaseNotifications> logger, TimeProvider time)
    : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(15);

    private readonly IDatabaseNotificationListener[] _listeners = [.. listeners];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_listeners.Length == 0)
        {
            return;
        }

        var connectionString = new NpgsqlConnectionStringBuilder(configuration.GetConnectionString(ResourceNames.Database))
        {
            Pooling = false,
            KeepAlive = 15,
            ApplicationName = "faceaspire-notifications",
        }.ConnectionString;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(connectionString, () => failures = 0, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // An outage, a dropped connection or a server restart: never fatal, the features fall back meanwhile.
                failures++;
                LogListeningStopped(logger, ex, failures);
            }
            finally
            {
                Tell(listening: false);
            }

            try
            {
                await Task.Delay(RetryBackoff.After(failures, FirstRetry, MaxRetry), time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ListenAsync(string connectionString, Action listening, CancellationToken stoppingToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        connection.Notification += (_, notification) =>
        {
            foreach (var listener in _listeners)
            {
                if (listener.Channel == notification.Channel)
                {
                    listener.OnNotification(notification.Payload);
                }
            }
        };
        await connection.OpenAsync(stoppingToken);
        foreach (var channel in _listeners.Select(l => l.Channel).Distinct())
        {
            // Channel names are this class's constants, never input.
            await using var listen = new NpgsqlCommand($"LISTEN {channel}", connection);
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        listening();
        Tell(listening: true);
        LogListening(logger, _listeners.Length);
        while (true)
        {
            await connection.WaitAsync(stoppingToken);
        }
    }

    private void Tell(bool listening)
    {
        foreach (var listener in _listeners)
        {
            listener.OnListeningChanged(listening);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening to database notifications for {Listeners} listeners")]
    private static partial void LogListening(ILogger logger, int listeners);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database notifications stopped (failure {Failures}); workers poll and session checks read the database until they resume")]
    private static partial void LogListeningStopped(ILogger logger, Exception exception, int failures);
}

/// <summary>Wakes a background loop of this instance when any instance queues its kind of work.</summary>
public sealed class WorkSignalNotifications(string channel, WorkSignal signal) : IDatabaseNotificationListener
{
    public string Channel => channel;

    public void OnNotification(string payload) => signal.Notify();

    // On (re)connecting, work may have been queued while nobody listened: look once.
    public void OnListeningChanged(bool listening)
    {
        if (listening)
        {
            signal.Notify();
        }
    }
}
