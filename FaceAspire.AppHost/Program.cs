using FaceAspire.AppHost;
using FaceAspire.Hosting;
using FaceAspire.ServiceDefaults;

var options = new DistributedApplicationOptions();
AppHostSettings settings;
try
{
    settings = AppHostSettings.FromEnvironment(Projects.RepositoryInfo.Root, options.HostEnvironment);
}
catch (ArgumentException invalid)
{
    Console.Error.WriteLine(invalid.Message);
    return 2;
}

if (LocalPrerequisites.Check(settings) is { Count: > 0 } missing)
{
    missing.ToList().ForEach(Console.Error.WriteLine);
    return 1;
}

var builder = new DistributedApplicationBuilder(options);

var postgres = builder.AddPostgres(ResourceNames.Postgres, settings.PostgresDirectory);
var facedb = postgres.AddDatabase(ResourceNames.Database);

var mail = builder.AddMailDev(ResourceNames.Mail, settings.NodeModules);

var alertKey = DevelopmentSecret.ReadOrCreate(settings.AlertFunctionKeyFile, bytes: 32);
var alertFunction = builder.AddProject<Projects.FaceAspire_AlertFunction>(ResourceNames.AlertFunction)
    .WithHttpEndpoint()
    .WithHttpHealthCheck()
    .WithReference(facedb).WaitFor(facedb)
    .WithReference(mail).WaitFor(mail)
    .WithEnvironment("AlertFunction__ApiKey", alertKey);

var migrations = builder.AddProject<Projects.FaceAspire_Api>(ResourceNames.Migrations)
    .WithArgs("migrate")
    .WithApiConfiguration(facedb, settings);

var api = builder.AddProject<Projects.FaceAspire_Api>(ResourceNames.Api)
    .WithHttpEndpoint()
    .WithHttpHealthCheck()
    .WithApiConfiguration(facedb, settings)
    .WaitForCompletion(migrations)
    .WithReference(alertFunction)
    .WithEnvironment("AlertFunction__ApiKey", alertKey)
    // Links in alert emails point at the web front end, which serves the review pages.
    .WithEnvironment("App__PublicBaseUrl", $"http://localhost:{settings.WebPort}");

var web = builder.AddProject<Projects.FaceAspire_Web>(ResourceNames.Web)
    .WithHttpEndpoint(settings.WebPort)
    .WithHttpHealthCheck()
    .WithReference(api)
    .WaitFor(api);

await using var app = builder.Build();
using var shutdown = new ShutdownSignal();
try
{
    await app.StartAsync(shutdown.Token);
    Console.WriteLine($"Mail inbox at {mail.Resource.HttpEndpoint!.Url.GetLeftPart(UriPartial.Authority)}");
    Console.WriteLine($"FaceAspire is running at {web.Resource.HttpEndpoint!.Url.GetLeftPart(UriPartial.Authority)}");
    Console.WriteLine("Press Ctrl+C to stop.");
    await app.WaitForShutdownAsync(shutdown.Token);
    return 0;
}
catch (OperationCanceledException) when (shutdown.Token.IsCancellationRequested)
{
    return 0;
}
catch (DistributedApplicationException ex)
{
    Console.Error.WriteLine($"FaceAspire could not run: {ex.Message}");
    return 1;
}
finally
{
    await app.StopAsync();
}
