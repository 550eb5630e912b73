using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FaceAspire.AppHost;

/// <summary>
/// PostgreSQL from the server binaries installed on the machine (no container engine is needed): the cluster is
/// created once with <c>initdb</c> in the state folder and <c>postgres</c> runs as an executable resource behind an
/// endpoint Aspire allocates. As root, both run as the <c>postgres</c> user (PostgreSQL refuses to run as root).
/// </summary>
internal sealed class LocalPostgresResource(string name, string command, string dataRoot, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory: "/"), IResourceWithConnectionString
{
    internal const string EndpointName = "tcp";
    internal const string SuperUser = "postgres";

    /// <summary>Folder holding the cluster (<c>data/</c>), its socket folder (<c>run/</c>) and its password.</summary>
    public string DataRoot { get; } = dataRoot;

    public ParameterResource Password { get; } = password;

    public List<LocalPostgresDatabaseResource> Databases { get; } = [];

    public EndpointReference Endpoint => new(this, EndpointName);

    /// <summary>Server-level connection string (no database): dependants get a database's string instead.</summary>
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={Endpoint.Property(EndpointProperty.Host)};Port={Endpoint.Property(EndpointProperty.Port)};Username={SuperUser};Password={Password}");
}

/// <summary>A database of a <see cref="LocalPostgresResource"/>, created when the server is ready.</summary>
internal sealed class LocalPostgresDatabaseResource(string name, string databaseName, LocalPostgresResource parent)
    : Resource(name), IResourceWithParent<LocalPostgresResource>, IResourceWithConnectionString
{
    public string DatabaseName { get; } = databaseName;

    public LocalPostgresResource Parent { get; } = parent;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{Parent};Database={DatabaseName}");
}

internal static class LocalPostgresBuilderExtensions
{
    /// <summary>
    /// Adds a private PostgreSQL cluster kept in <paramref name="dataRoot"/>, run from the binaries in
    /// <paramref name="binDirectory"/>, with a health check that opens a connection.
    /// </summary>
    public static IResourceBuilder<LocalPostgresResource> AddLocalPostgres(
        this IDistributedApplicationBuilder builder, string name, string binDirectory, string dataRoot)
    {
        var passwordFile = Path.Combine(dataRoot, "superuser.password");
        var password = builder.AddParameter($"{name}-password", DevelopmentSecret.ReadOrCreate(passwordFile, bytes: 24), secret: true);
        var runAsPostgres = Environment.UserName == "root";
        var server = new LocalPostgresResource(name, runAsPostgres ? "runuser" : Path.Combine(binDirectory, "postgres"), dataRoot, password.Resource);

        string? connectionString = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(server, async (_, ct) =>
            connectionString = await server.ConnectionStringExpression.GetValueAsync(ct).ConfigureAwait(false));
        var healthCheck = $"{name}_check";
        builder.Services.AddHealthChecks().AddNpgSql(
            _ => (connectionString ?? throw new InvalidOperationException("The connection string is not known yet.")) + ";Database=postgres",
            name: healthCheck);

        return builder.AddResource(server)
            .WithIconName("DatabaseMultiple")
            .WithEndpoint(name: LocalPostgresResource.EndpointName, scheme: "tcp")
            .WithArgs(context =>
            {
                if (runAsPostgres)
                {
                    context.Args.Add("-u");
                    context.Args.Add(LocalPostgresResource.SuperUser);
                    context.Args.Add("--");
                    context.Args.Add(Path.Combine(binDirectory, "postgres"));
                }

                context.Args.Add("-D");
                context.Args.Add(Path.Combine(dataRoot, "data"));
                context.Args.Add("-p");
                context.Args.Add(server.Endpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("-k");
                context.Args.Add(Path.Combine(dataRoot, "run"));
                foreach (var setting in new[] { "listen_addresses=127.0.0.1", "fsync=off", "max_connections=200" })
                {
                    context.Args.Add("-c");
                    context.Args.Add(setting);
                }
            })
            .OnBeforeResourceStarted((resource, _, ct) => InitializeClusterAsync(resource, binDirectory, passwordFile, runAsPostgres, ct))
            .OnResourceReady(async (resource, ready, ct) =>
            {
                await using var connection = new NpgsqlConnection(connectionString + ";Database=postgres");
                await connection.OpenAsync(ct).ConfigureAwait(false);
                var notifications = ready.Services.GetRequiredService<ResourceNotificationService>();
                foreach (var database in resource.Databases)
                {
                    await CreateDatabaseAsync(connection, database.DatabaseName, ct).ConfigureAwait(false);
                    // Aspire passes a parent's state on to its children only for containers: say it here.
                    await notifications.PublishUpdateAsync(database, state => state with
                    {
                        State = KnownResourceStates.Running,
                        StartTimeStamp = DateTime.UtcNow,
                    }).ConfigureAwait(false);
                }
            })
            .WithHealthCheck(healthCheck);
    }

    /// <summary>Adds a database the server creates when it is ready; its connection string names the database.</summary>
    public static IResourceBuilder<LocalPostgresDatabaseResource> AddDatabase(
        this IResourceBuilder<LocalPostgresResource> server, string name, string? databaseName = null)
    {
        var database = new LocalPostgresDatabaseResource(name, databaseName ?? name, server.Resource);
        server.Resource.Databases.Add(database);

        string? connectionString = null;
        server.ApplicationBuilder.Eventing.Subscribe<ConnectionStringAvailableEvent>(database, async (_, ct) =>
            connectionString = await database.ConnectionStringExpression.GetValueAsync(ct).ConfigureAwait(false));
        var healthCheck = $"{name}_check";
        server.ApplicationBuilder.Services.AddHealthChecks().AddNpgSql(
            _ => connectionString ?? throw new InvalidOperationException("The connection string is not known yet."),
            name: healthCheck);
        return server.ApplicationBuilder.AddResource(database)
            .WithIconName("Database")
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "PostgresDatabase",
                State = KnownResourceStates.Waiting,
                Properties = [new(CustomResourceKnownProperties.Source, server.Resource.Name)],
            })
            .WithHealthCheck(healthCheck);
    }

    /// <summary>Runs <c>initdb</c> once; the cluster's files stay in the state folder for the next start.</summary>
    private static async Task InitializeClusterAsync(
        LocalPostgresResource server, string binDirectory, string passwordFile, bool runAsPostgres, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.Combine(server.DataRoot, "run"));
        if (runAsPostgres)
        {
            await RunAsync("chown", ["-R", $"{LocalPostgresResource.SuperUser}:{LocalPostgresResource.SuperUser}", server.DataRoot], ct).ConfigureAwait(false);
        }

        if (File.Exists(Path.Combine(server.DataRoot, "data", "PG_VERSION")))
        {
            return;
        }

        string[] initdb =
        [
            Path.Combine(binDirectory, "initdb"), "-D", Path.Combine(server.DataRoot, "data"), "-U", LocalPostgresResource.SuperUser,
            "--pwfile", passwordFile, "-E", "UTF8", "--locale=C", "--auth-local=scram-sha-256", "--auth-host=scram-sha-256",
        ];
        await (runAsPostgres
            ? RunAsync("runuser", ["-u", LocalPostgresResource.SuperUser, "--", .. initdb], ct)
            : RunAsync(initdb[0], initdb[1..], ct)).ConfigureAwait(false);
    }

    private static async Task CreateDatabaseAsync(NpgsqlConnection connection, string database, CancellationToken ct)
    {
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (await exists.ExecuteScalarAsync(ct).ConfigureAwait(false) is null)
        {
            // Identifiers cannot be parameters; quote it the way PostgreSQL does.
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            await create.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
    }

    private static async Task RunAsync(string fileName, IEnumerable<string> arguments, CancellationToken ct)
    {
        var startInfo = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var errors = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new DistributedApplicationException(
                $"{Path.GetFileName(fileName)} exited with code {process.ExitCode}: {await errors.ConfigureAwait(false)}{await output.ConfigureAwait(false)}");
        }
    }
}

/// <summary>
/// As root, PostgreSQL runs as the <c>postgres</c> user, which cannot enter a checkout under a private folder such as
/// <c>/root</c>. Then the cluster lives in a folder of its own under <c>/var/tmp</c>, named after the requested one.
/// </summary>
internal static class PostgresDataRoot
{
    public static string Resolve(string requested)
    {
        if (Environment.UserName != "root")
        {
            return requested;
        }

        var parent = Path.GetDirectoryName(Path.GetFullPath(requested))!;
        Directory.CreateDirectory(parent);
        var startInfo = new ProcessStartInfo("runuser") { RedirectStandardError = true };
        foreach (var argument in new[] { "-u", LocalPostgresResource.SuperUser, "--", "test", "-x", parent, "-a", "-r", parent })
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        process.WaitForExit();
        if (process.ExitCode == 0)
        {
            return requested;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(requested)))[..12];
        return Path.Combine("/var/tmp", $"faceaspire-{hash}", Path.GetFileName(requested));
    }
}
