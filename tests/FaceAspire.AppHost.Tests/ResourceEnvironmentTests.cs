namespace FaceAspire.AppHost.Tests;

public sealed class ResourceEnvironmentTests
{
    private sealed class FakeProject(string name) : IProjectMetadata
    {
        public string ProjectPath => $"/src/{name}/{name}.csproj";

        public string TargetPath => $"/src/{name}/bin/{name}.dll";
    }

    private sealed class FixedConnectionString(string name, string value) : Resource(name), IResourceWithConnectionString
    {
        public string GetConnectionString() => value;
    }

    private static DistributedApplicationBuilder Builder(Dictionary<string, string>? host = null) =>
        new(new DistributedApplicationOptions { HostEnvironment = host ?? [], Output = TextWriter.Null });

    [Fact]
    public void Project_gets_the_Aspire_variables_for_its_endpoint_references_and_service_name()
    {
        var builder = Builder();
        var database = builder.AddResource(new FixedConnectionString("facedb", "Host=127.0.0.1;Port=5999;Database=facedb"));
        var api = builder.AddProject("api", new FakeProject("Api")).WithHttpEndpoint(5101).WithReference(database);
        var web = builder.AddProject("web", new FakeProject("Web")).WithHttpEndpoint(5102).WithReference(api);
        builder.Build();

        var apiEnvironment = ResourceEnvironment.Build(api.Resource, builder.HostEnvironment);
        apiEnvironment["ConnectionStrings__facedb"].ShouldBe("Host=127.0.0.1;Port=5999;Database=facedb");
        apiEnvironment["ASPNETCORE_URLS"].ShouldBe("http://localhost:5101");
        apiEnvironment["ASPNETCORE_ENVIRONMENT"].ShouldBe("Development");
        apiEnvironment["OTEL_SERVICE_NAME"].ShouldBe("api");

        var webEnvironment = ResourceEnvironment.Build(web.Resource, builder.HostEnvironment);
        webEnvironment["services__api__http__0"].ShouldBe("http://localhost:5101");
        webEnvironment["ASPNETCORE_URLS"].ShouldBe("http://localhost:5102");
        webEnvironment.ShouldNotContainKey("ConnectionStrings__facedb");
    }

    [Fact]
    public void Otlp_endpoint_is_passed_on_only_when_the_AppHost_has_one()
    {
        var without = Builder();
        var quiet = without.AddProject("api", new FakeProject("Api"));
        ResourceEnvironment.Build(quiet.Resource, without.HostEnvironment).ShouldNotContainKey("OTEL_EXPORTER_OTLP_ENDPOINT");

        var with = Builder(new() { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://localhost:4317" });
        var traced = with.AddProject("api", new FakeProject("Api"));
        ResourceEnvironment.Build(traced.Resource, with.HostEnvironment)["OTEL_EXPORTER_OTLP_ENDPOINT"].ShouldBe("http://localhost:4317");
    }

    [Fact]
    public void Explicit_variables_win_and_host_variables_are_copied_only_when_set()
    {
        var builder = Builder(new() { ["FACEASPIRE_ADMIN_EMAIL"] = "admin@example.test" });
        var api = builder.AddProject("api", new FakeProject("Api"))
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Staging")
            .WithEnvironmentFromHost("FACEASPIRE_ADMIN_EMAIL", "Admin__Email")
            .WithEnvironmentFromHost("FACEASPIRE_ADMIN_PASSWORD", "Admin__Password");

        var environment = ResourceEnvironment.Build(api.Resource, builder.HostEnvironment);

        environment["ASPNETCORE_ENVIRONMENT"].ShouldBe("Staging");
        environment["Admin__Email"].ShouldBe("admin@example.test");
        environment.ShouldNotContainKey("Admin__Password");
    }

    [Fact]
    public void Executable_gets_its_port_instead_of_ASP_NET_Core_variables()
    {
        var builder = Builder();
        var node = builder.AddExecutable("tool", "node", "/", "server.js").WithHttpEndpoint();
        builder.Build();

        var environment = ResourceEnvironment.Build(node.Resource, builder.HostEnvironment);

        environment["PORT"].ShouldBe(node.Resource.HttpEndpoint!.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        environment.ShouldNotContainKey("ASPNETCORE_URLS");
        node.Resource.GetCommand().FileName.ShouldBe("node");
        node.Resource.Arguments.ShouldBe(["server.js"]);
    }

    [Fact]
    public void A_database_has_no_connection_string_before_its_server_starts()
    {
        var builder = Builder();
        var database = builder.AddPostgres("postgres", Path.GetTempPath()).AddDatabase("facedb");
        var api = builder.AddProject("api", new FakeProject("Api")).WithReference(database);

        Should.Throw<InvalidOperationException>(() => ResourceEnvironment.Build(api.Resource, builder.HostEnvironment))
            .Message.ShouldContain("has not started");
    }

    [Fact]
    public void Mail_gives_dependants_an_smtp_connection_string()
    {
        var builder = Builder();
        var mail = builder.AddMailDev("mail", "/repo/node_modules", smtpPort: 2525);
        var function = builder.AddProject("alertfunction", new FakeProject("AlertFunction")).WithReference(mail);
        builder.Build();

        ResourceEnvironment.Build(function.Resource, builder.HostEnvironment)["ConnectionStrings__mail"].ShouldBe("smtp://localhost:2525");
        var (fileName, arguments) = mail.Resource.GetCommand();
        fileName.ShouldBe("node");
        arguments.ShouldContain("--smtp");
        mail.Resource.HealthCheckPath.ShouldBe("/api/healthz");
    }

    [Fact]
    public void A_project_without_a_built_assembly_runs_through_dotnet_run_without_a_launch_profile()
    {
        var builder = Builder();
        var api = builder.AddProject("api", new FakeProject("Missing"));

        var (fileName, arguments) = api.Resource.GetCommand();

        fileName.ShouldBe("dotnet");
        arguments.ShouldBe(["run", "--no-build", "--no-launch-profile", "--project", "/src/Missing/Missing.csproj", "--"]);
    }
}
