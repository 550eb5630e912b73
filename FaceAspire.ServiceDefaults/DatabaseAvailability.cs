using System.Net.Sockets;
using Npgsql;

namespace FaceAspire.ServiceDefaults;

/// <summary>
/// The one rule for "the database is unavailable": PostgreSQL could not be reached, went away or is not accepting
/// connections yet. The API's error handler answers 503 for it, the migration runner and the alert function's schema
/// set-up retry on it, and the background loops record it as the reason they will try again.
/// </summary>
public static class DatabaseAvailability
{
    /// <summary>True when <paramref name="exception"/>, or one it wraps, is an unavailable database.</summary>
    public static bool IsUnavailable(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is NpgsqlException { IsTransient: true } or SocketException or TimeoutException
                // Administrator shutdown, crash shutdown, "cannot connect now" (starting up or shutting down).
                || current is PostgresException { SqlState: "57P01" or "57P02" or "57P03" })
            {
                return true;
            }
        }

        return false;
    }
}
