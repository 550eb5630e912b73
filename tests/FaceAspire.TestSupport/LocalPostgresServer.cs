using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace FaceAspire.TestSupport;

/// <summary>
/// A private PostgreSQL cluster for a test, created from the locally installed server binaries
/// (<c>initdb</c>, <c>pg_ctl</c>), on its own port and socket folder. When the process runs as root
/// the cluster is created and run as the <c>postgres</c> user, because PostgreSQL refuses to run as root.
/// </summary>
public sealed class LocalPostgresServer : IAsyncDisposable
{
    private const string SuperUser = "postgres";
    private readonly string _binDirectory;
    private readonly string _stateDirectory;
    private bool _started;

    private LocalPostgresServer(string binDirectory, string stateDirectory, int port, string password)
    {
        _binDirectory = binDirectory;
        _stateDirectory = stateDirectory;
        Port = port;
        Password = password;
    }

    /// <summary>TCP port the server listens on (127.0.0.1 only).</summary>
    public int Port { get; }

    /// <summary>Password of the cluster's superuser.</summary>
    public string Password { get; }

    private string DataDirectory => Path.Combine(_stateDirectory, "data");

    private string SocketDirectory => Path.Combine(_stateDirectory, "run");

    private string LogFile => Path.Combine(_stateDirectory, "postgres.log");

    /// <summary>Connection string for <paramref name="database"/> as the superuser.</summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = SuperUser,
        Password = Password,
        Database = database,
    }.ConnectionString;

    /// <summary>
    /// Finds the server binaries: <c>PG_BIN</c> if set, else the newest <c>/usr/lib/postgresql/*/bin</c>,
    /// else <c>pg_ctl</c> on the PATH. Returns null when PostgreSQL is not installed.
    /// </summary>
    public static string? FindBinDirectory()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("PG_BIN");
        if (!string.IsNullOrEmpty(fromEnvironment) && File.Exists(Path.Combine(fromEnvironment, "pg_ctl")))
        {
            return fromEnvironment;
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var newest = Directory.GetDirectories(debianRoot)
                .Select(dir => (dir, version: int.TryParse(Path.GetFileName(dir), out var v) ? v : -1))
                .Where(x => x.version >= 0 && File.Exists(Path.Combine(x.dir, "bin", "initdb")))
                .OrderByDescending(x => x.version)
                .Select(x => Path.Combine(x.dir, "bin"))
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(dir => File.Exists(Path.Combine(dir, "pg_ctl")) && File.Exists(Path.Combine(dir, "initdb")));
    }

    /// <summary>
    /// Creates the cluster in <paramref name="stateDirectory"/> if it does not exist yet (keeping its
    /// password in that folder), starts it on <paramref name="port"/> (0 picks a free port) and waits
    /// until it accepts connections.
    /// </summary>
    public static async Task<LocalPostgresServer> StartAsync(string stateDirectory, int port = 0, CancellationToken cancellationToken = default)
    {
        var bin = FindBinDirectory() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries were not found. Install them with: sudo apt-get install -y postgresql");
        stateDirectory = Path.GetFullPath(stateDirectory);
        Directory.CreateDirectory(stateDirectory);
        if (port == 0)
        {
            port = FreeTcpPort();
        }

        var passwordFile = Path.Combine(stateDirectory, "superuser.password");
        var server = new LocalPostgresServer(bin, stateDirectory, port, ReadOrCreatePassword(passwordFile));
        await server.InitializeAsync(passwordFile, cancellationToken).ConfigureAwait(false);
        await server.StartServerAsync(cancellationToken).ConfigureAwait(false);
        return server;
    }

    /// <summary>Creates <paramref name="database"/> if it does not exist.</summary>
    public async Task EnsureDatabaseAsync(string database, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
        {
            // Identifiers cannot be parameters; quote it the way PostgreSQL does.
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops the server (fast shutdown). The cluster's files stay for the next start.</summary>
    public async Task StopAsync()
    {
        if (!_started)
        {
            return;
        }

        _started = false;
        await RunAsync("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "stop"], CancellationToken.None, throwOnError: false).ConfigureAwait(false);
    }

    /// <summary>
    /// Kills the postmaster with SIGKILL, as a crash or the out-of-memory killer would: no shutdown, no checkpoint; its
    /// backends exit when they notice, and the next <see cref="RestartAsync"/> runs crash recovery.
    /// </summary>
    public async Task KillAsync()
    {
        var pid = int.Parse(File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);
        using var postmaster = Process.GetProcessById(pid);
        postmaster.Kill();
        await postmaster.WaitForExitAsync().ConfigureAwait(false);
        _started = false;
    }

    /// <summary>Starts a stopped server again on the same port (used by outage tests).</summary>
    public Task RestartAsync(CancellationToken cancellationToken = default) => StartServerAsync(cancellationToken);

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private static bool IsRoot => Environment.UserName == "root";

    private async Task InitializeAsync(string passwordFile, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(SocketDirectory);
        if (IsRoot)
        {
            await RunProcessAsync("chown", ["-R", "postgres:postgres", _stateDirectory], cancellationToken).ConfigureAwait(false);
        }

        if (File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            return;
        }

        await RunAsync("initdb",
        [
            "-D", DataDirectory, "-U", SuperUser, "--pwfile", passwordFile, "-E", "UTF8", "--locale=C",
            "--auth-local=scram-sha-256", "--auth-host=scram-sha-256",
        ], cancellationToken).ConfigureAwait(false);
    }

    private async Task StartServerAsync(CancellationToken cancellationToken)
    {
        var options = $"-p {Port} -k {SocketDirectory} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200";
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await RunAsync("pg_ctl", ["-D", DataDirectory, "-l", LogFile, "-o", options, "-w", "-t", "60", "start"], cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (InvalidOperationException) when (attempt < 10)
            {
                // After a kill, backends of the old server may hold its shared memory for a moment longer.
                await Task.Delay(500, cancellationToken).ConfigureAwait(false);
            }
        }

        _started = true;

        // pg_ctl -w waits for the postmaster; also wait until a real connection succeeds.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (NpgsqlException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private Task RunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken, bool throwOnError = true)
    {
        var executable = Path.Combine(_binDirectory, tool);
        return IsRoot
            ? RunProcessAsync("runuser", ["-u", "postgres", "--", executable, .. arguments], cancellationToken, throwOnError)
            : RunProcessAsync(executable, arguments, cancellationToken, throwOnError);
    }

    private static async Task RunProcessAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken, bool throwOnError = true)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0 && throwOnError)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(fileName)} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await stderr.ConfigureAwait(false)}{await stdout.ConfigureAwait(false)}");
        }
    }

    private static string ReadOrCreatePassword(string passwordFile)
    {
        if (File.Exists(passwordFile))
        {
            return File.ReadAllText(passwordFile).Trim();
        }

        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        File.WriteAllText(passwordFile, password + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return password;
    }

    /// <summary>A TCP port on 127.0.0.1 that was free a moment ago.</summary>
    public static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
