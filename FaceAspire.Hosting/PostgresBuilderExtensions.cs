using FaceAspire.Hosting.ApplicationModel;

namespace FaceAspire.Hosting;

/// <summary>Adding a local PostgreSQL server and its databases, as Aspire's <c>AddPostgres</c>/<c>AddDatabase</c>.</summary>
public static class PostgresBuilderExtensions
{
    /// <summary>Adds a PostgreSQL server whose cluster lives in <paramref name="stateDirectory"/>.</summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">Resource name.</param>
    /// <param name="stateDirectory">Cluster folder, kept between runs.</param>
    /// <param name="port">Port to listen on; 0 picks a free one at each start.</param>
    public static ResourceBuilder<PostgresServerResource> AddPostgres(
        this DistributedApplicationBuilder builder, string name, string stateDirectory, int port = 0)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddResource(new PostgresServerResource(name, Path.GetFullPath(stateDirectory), port));
    }

    /// <summary>Adds a database, created when the server starts if it does not exist.</summary>
    public static ResourceBuilder<PostgresDatabaseResource> AddDatabase(
        this ResourceBuilder<PostgresServerResource> server, string name, string? databaseName = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        var database = new PostgresDatabaseResource(name, databaseName ?? name, server.Resource);
        server.Resource.AddDatabase(database);
        return server.ApplicationBuilder.AddResource(database);
    }
}
