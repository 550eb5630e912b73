namespace FaceAspire.AppHost.Tests;

public sealed class AppHostSettingsTests
{
    private const string Root = "/src/faceaspire";

    private static AppHostSettings Read(Dictionary<string, string> environment) => AppHostSettings.FromEnvironment(Root, environment);

    [Fact]
    public void Without_variables_the_web_runs_on_8080_and_state_lives_in_the_repository()
    {
        var settings = Read([]);

        settings.WebPort.ShouldBe(8080);
        settings.AdminEmail.ShouldBeNull();
        settings.AdminPassword.ShouldBeNull();
        settings.StateDirectory.ShouldBe("/src/faceaspire/.faceaspire");
        settings.PostgresDirectory.ShouldBe("/src/faceaspire/.faceaspire/postgres");
        settings.StorageDirectory.ShouldBe("/src/faceaspire/.faceaspire/storage");
        settings.JwtSigningKeyFile.ShouldBe("/src/faceaspire/.faceaspire/jwt-signing-key");
        settings.AlertFunctionKeyFile.ShouldBe("/src/faceaspire/.faceaspire/alert-function-key");
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("5173", 5173)]
    [InlineData("65535", 65535)]
    [InlineData("", 8080)]
    [InlineData("  ", 8080)]
    public void FACEASPIRE_PORT_sets_the_web_port(string value, int port) =>
        Read(new() { ["FACEASPIRE_PORT"] = value }).WebPort.ShouldBe(port);

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("65536")]
    [InlineData("-1")]
    [InlineData("+80")]
    [InlineData(" 80")]
    [InlineData("80.0")]
    public void A_FACEASPIRE_PORT_that_is_not_a_port_number_is_refused_with_a_one_line_reason(string value)
    {
        var error = Should.Throw<ArgumentException>(() => Read(new() { ["FACEASPIRE_PORT"] = value }));

        error.Message.ShouldBe($"FACEASPIRE_PORT must be a port number (1-65535), not '{value}'.");
    }

    [Fact]
    public void FACEASPIRE_STATE_DIR_moves_every_piece_of_local_state_but_not_the_repository_inputs()
    {
        var settings = Read(new() { ["FACEASPIRE_STATE_DIR"] = "/var/lib/faceaspire-dev" });

        settings.StateDirectory.ShouldBe("/var/lib/faceaspire-dev");
        settings.PostgresDirectory.ShouldBe("/var/lib/faceaspire-dev/postgres");
        settings.StorageDirectory.ShouldBe("/var/lib/faceaspire-dev/storage");
        settings.JwtSigningKeyFile.ShouldBe("/var/lib/faceaspire-dev/jwt-signing-key");
        settings.AlertFunctionKeyFile.ShouldBe("/var/lib/faceaspire-dev/alert-function-key");
        settings.NodeModules.ShouldBe("/src/faceaspire/node_modules");
        settings.WebRoot.ShouldBe("/src/faceaspire/FaceAspire.Web/wwwroot");
    }

    [Fact]
    public void A_relative_FACEASPIRE_STATE_DIR_is_taken_from_the_current_directory() =>
        Read(new() { ["FACEASPIRE_STATE_DIR"] = "state/dev" }).StateDirectory
            .ShouldBe(Path.Combine(Environment.CurrentDirectory, "state", "dev"));

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void An_empty_FACEASPIRE_STATE_DIR_keeps_the_default(string value) =>
        Read(new() { ["FACEASPIRE_STATE_DIR"] = value }).StateDirectory.ShouldBe("/src/faceaspire/.faceaspire");

    [Fact]
    public void The_first_administrator_comes_from_FACEASPIRE_ADMIN_EMAIL_and_FACEASPIRE_ADMIN_PASSWORD()
    {
        var settings = Read(new() { ["FACEASPIRE_ADMIN_EMAIL"] = "admin@example.test", ["FACEASPIRE_ADMIN_PASSWORD"] = "a long passphrase" });

        settings.AdminEmail.ShouldBe("admin@example.test");
        settings.AdminPassword.ShouldBe("a long passphrase");
    }

    [Theory]
    [InlineData("", 1)]
    [InlineData("1", 1)]
    [InlineData("2", 2)]
    [InlineData("16", 16)]
    public void FACEASPIRE_API_REPLICAS_sets_how_many_API_instances_run(string value, int replicas) =>
        Read(new() { ["FACEASPIRE_API_REPLICAS"] = value }).ApiReplicas.ShouldBe(replicas);

    [Theory]
    [InlineData("0")]
    [InlineData("17")]
    [InlineData("two")]
    [InlineData("-1")]
    public void A_FACEASPIRE_API_REPLICAS_out_of_range_is_refused_with_a_one_line_reason(string value) =>
        Should.Throw<ArgumentException>(() => Read(new() { ["FACEASPIRE_API_REPLICAS"] = value }))
            .Message.ShouldBe($"FACEASPIRE_API_REPLICAS must be a number from 1 to 16, not '{value}'.");
}
