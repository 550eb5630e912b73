using System.ComponentModel.DataAnnotations;

namespace FaceAspire.Api.Infrastructure;

/// <summary>Database behaviour (section <c>Database</c>); the connection string is <c>ConnectionStrings:facedb</c>.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>Apply pending migrations when the API starts. Honoured in Development only; elsewhere run <c>migrate</c>.</summary>
    public bool MigrateOnStartup { get; set; }

    /// <summary>Attempts the <c>migrate</c> command makes while the server is not reachable yet.</summary>
    [Range(1, 100)]
    public int MigrationAttempts { get; set; } = 10;

    /// <summary>Pause between migration attempts.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan MigrationRetryDelay { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Seconds a client is told to wait (<c>Retry-After</c>) while the database is unavailable.</summary>
    [Range(1, 3600)]
    public int RetryAfterSeconds { get; set; } = 5;
}
