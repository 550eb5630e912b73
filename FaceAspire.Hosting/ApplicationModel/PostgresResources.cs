namespace FaceAspire.Hosting.ApplicationModel;

/// <summary>
/// A PostgreSQL server run by <see cref="LocalPostgresServer"/> from the locally installed binaries, its
/// cluster kept in <see cref="StateDirectory"/> between runs.
/// </summary>
public sealed class PostgresServerResource(string name, string stateDirectory, int port) : Resource(name)
{
    private readonly List<PostgresDatabaseResource> _databases = [];

    /// <summary>Folder holding the cluster, its password and its log.</summary>
    public string StateDirectory { get; } = stateDirectory;

    /// <summary>Port asked for; 0 picks a free one at each start.</summary>
    public int Port { get; } = port;

    /// <summary>Databases created (if missing) when the server starts.</summary>
    public IReadOnlyList<PostgresDatabaseResource> Databases => _databases;

    /// <summary>The running server, once started.</summary>
    public LocalPostgresServer? Server { get; internal set; }

    internal void AddDatabase(PostgresDatabaseResource database) => _databases.Add(database);
}

/// <summary>A database on a <see cref="PostgresServerResource"/>; ready when the server is.</summary>
public sealed class PostgresDatabaseResource(string name, string databaseName, PostgresServerResource server)
    : Resource(name), IResourceWithConnectionString
{
    /// <summary>Name of the database inside the cluster.</summary>
    public string DatabaseName { get; } = databaseName;

    /// <summary>The server this database lives on.</summary>
    public PostgresServerResource Server { get; } = server;

    public override Resource? Parent => Server;

    public string GetConnectionString() =>
        (Server.Server ?? throw new InvalidOperationException($"PostgreSQL server '{Server.Name}' has not started yet."))
        .ConnectionString(DatabaseName);
}
