using FaceAspire.Api.Accounts;
using FaceAspire.Api.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace FaceAspire.Api.Tests.Accounts;

/// <summary>The API as deployed (environment Production), with one setting changed per test.</summary>
public sealed class ProductionApiFactory(PostgresFixture postgres, Dictionary<string, string?> overrides) : ApiFactory(postgres)
{
    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Accounts:BcryptWorkFactor"] = "12";
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        return settings;
    }

    protected override string HostEnvironment => "Production";

    /// <summary>
    /// Builds and starts the API and returns the options validation failure its start reports; fails otherwise, naming
    /// the environment it started in or the other exception it threw.
    /// </summary>
    public OptionsValidationException StartupFailure()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                CreateClient();
                break;
            }
            catch (OptionsValidationException failure)
            {
                return failure;
            }
            catch (ObjectDisposedException) when (attempt < 3)
            {
                // WebApplicationFactory's deferred host can read the app's services after the app, its start refused, has
                // disposed them (failed once in CI); the refusal is then lost, so the start is tried again.
            }
            catch (Exception other)
            {
                throw new ShouldAssertException($"the API's start should be refused by options validation, but it failed otherwise: {other}");
            }
        }

        throw new ShouldAssertException(
            $"the API started in environment '{Services.GetRequiredService<IHostEnvironment>().EnvironmentName}' without refusing its settings");
    }
}

/// <summary>Outside Development the API refuses to start with settings that would weaken accounts.</summary>
public sealed class StartupConfigurationTests(PostgresFixture postgres)
{
    [Theory]
    [InlineData("")]
    [InlineData("c2hvcnQ=")]
    public async Task Production_refuses_to_start_without_a_real_signing_key(string key)
    {
        await using var factory = new ProductionApiFactory(postgres, new() { ["Jwt:SigningKey"] = key });
        var failure = factory.StartupFailure();
        failure.Message.ShouldContain("Jwt:SigningKey is missing or shorter than 32 bytes");
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Production_refuses_a_bcrypt_work_factor_below_12()
    {
        await using var factory = new ProductionApiFactory(postgres, new() { ["Accounts:BcryptWorkFactor"] = "11" });
        var failure = factory.StartupFailure();
        failure.Message.ShouldContain("Accounts:BcryptWorkFactor is 11; at least 12 is required in Production");
        await Task.CompletedTask;
    }

    [Theory]
    [InlineData("Production", 11, false)]
    [InlineData("Staging", 4, false)]
    [InlineData("Production", 12, true)]
    [InlineData("Development", 4, true)]
    [InlineData("Testing", 4, true)]
    public void The_work_factor_rule_depends_only_on_the_environment(string environment, int workFactor, bool accepted)
    {
        var validator = new AccountOptionsValidator(new HostingEnvironment { EnvironmentName = environment });
        var result = validator.Validate(null, new AccountOptions { BcryptWorkFactor = workFactor });
        result.Succeeded.ShouldBe(accepted, result.FailureMessage);
    }

    [Fact]
    public async Task Production_starts_with_a_real_key_and_work_factor_12_and_hashes_with_it()
    {
        await using var factory = new ProductionApiFactory(postgres, []);
        await factory.InitializeAsync();
        await factory.ResetAsync();
        var client = factory.CreateApiClient();
        var email = $"prod-{Guid.NewGuid():N}@example.test";
        (await client.PostAsJsonAsync("/api/auth/register", new { email, password = ApiFactory.GoodPassword }, TestContext.Current.CancellationToken))
            .StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await using var scope = factory.Services.CreateAsyncScope();
        var hash = await scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>().Users
            .Where(u => u.Email == email).Select(u => u.PasswordHash).SingleAsync(TestContext.Current.CancellationToken);
        hash.ShouldStartWith("$2");
        hash.Split('$')[2].ShouldBe("12");
    }
}
