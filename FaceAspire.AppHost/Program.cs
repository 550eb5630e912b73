using FaceAspire.AppHost;
using FaceAspire.ServiceDefaults;
using Microsoft.Extensions.Configuration;

var builder = DistributedApplication.CreateBuilder(args);

AppHostSettings settings;
try
{
    // From the environment, or from the command line as KEY=value (as the tests pass them).
    var environment = AppHostSettings.VariableNames
        .Where(name => builder.Configuration[name] is not null)
        .ToDictionary(name => name, name => builder.Configuration[name]!, StringComparer.Ordinal);
    settings = AppHostSettings.FromEnvironment(Path.GetDirectoryName(builder.AppHostDirectory)!, environment);
}
catch (ArgumentException invalid)
{
    Console.Error.WriteLine(invalid.Message);
    return 2;
}

// A connection string in the AppHost's configuration (ConnectionStrings:facedb) means an existing database: nothing local starts.
var externalDatabase = builder.Configuration.GetConnectionString(ResourceNames.Database) is not null;
if (LocalPrerequisites.Check(settings, needsLocalPostgres: !externalDatabase) is { Count: > 0 } missing)
{
    missing.ToList().ForEach(Console.Error.WriteLine);
    return 1;
}

var facedb = externalDatabase
    ? builder.AddConnectionString(ResourceNames.Database)
    : builder.AddLocalPostgres(ResourceNames.Postgres, LocalPrerequisites.FindPostgresBinDirectory()!, PostgresDataRoot.Resolve(settings.PostgresDirectory))
        .AddDatabase(ResourceNames.Database);

var mail = builder.AddMailDev(ResourceNames.Mail, settings.NodeModules);

var alertKey = builder.AddParameter("alert-function-key", DevelopmentSecret.ReadOrCreate(settings.AlertFunctionKeyFile, bytes: 32), secret: true);
var jwtKey = builder.AddParameter("jwt-signing-key", DevelopmentSecret.ReadOrCreate(settings.JwtSigningKeyFile), secret: true);

var alertFunction = builder.AddService<Projects.FaceAspire_AlertFunction>(ResourceNames.AlertFunction)
    .WithHttpEndpoint()
    .WithHttpHealthCheck("/health")
    .WithReference(facedb).WaitFor(facedb)
    .WithReference(mail).WaitFor(mail)
    .WithEnvironment("AlertFunction__ApiKey", alertKey)
    // Review links in alerts must lie under the web front end's address.
    .WithEnvironment("AlertFunction__PublicBaseUrl", settings.WebUrl);
if (!string.IsNullOrEmpty(settings.AdminEmail))
{
    // Who gets alerts is the function's own setting, never the message's: the first administrator.
    alertFunction.WithEnvironment("AlertFunction__Recipients__0", settings.AdminEmail);
}

var migrations = builder.AddService<Projects.FaceAspire_Api>(ResourceNames.Migrations)
    .WithArgs("migrate")
    .WithApiConfiguration(facedb, jwtKey, settings);

var api = builder.AddService<Projects.FaceAspire_Api>(ResourceNames.Api)
    .WithHttpEndpoint()
    .WithHttpHealthCheck("/health")
    .WithReplicas(settings.ApiReplicas)
    .WithApiConfiguration(facedb, jwtKey, settings)
    .WaitForCompletion(migrations)
    .WithReference(alertFunction)
    .WithEnvironment("AlertFunction__ApiKey", alertKey)
    // Links in alert emails point at the web front end, which serves the review pages.
    .WithEnvironment("App__PublicBaseUrl", settings.WebUrl);

var web = builder.AddService<Projects.FaceAspire_Web>(ResourceNames.Web)
    // The browser's one origin: the front end listens on the port itself (no proxy hop in front of it).
    .WithHttpEndpoint(port: settings.WebPort, isProxied: false)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health")
    .WithReference(api).WaitFor(api)
    .OnResourceReady((_, _, _) =>
    {
        Console.WriteLine($"Dashboard at {DashboardLogin(builder.Configuration)}");
        Console.WriteLine($"Mail inbox at {mail.GetEndpoint(MailDevResource.HttpEndpointName).Url}");
        Console.WriteLine($"FaceAspire is running at {settings.WebUrl}");
        Console.WriteLine("Press Ctrl+C to stop.");
        return Task.CompletedTask;
    });

await builder.Build().RunAsync();
return 0;

// The dashboard's address with its one-time login token, as Aspire itself logs it.
static string DashboardLogin(IConfiguration configuration) =>
    configuration["ASPNETCORE_URLS"]?.Split(';')[0] is { Length: > 0 } url
        ? $"{url.TrimEnd('/')}/login?t={configuration["AppHost:BrowserToken"]}"
        : "(not started: ASPNETCORE_URLS is not set)";
