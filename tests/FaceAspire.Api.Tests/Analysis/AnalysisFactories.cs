using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace FaceAspire.Api.Tests.Analysis;

/// <summary>The API with two background analysis workers, as deployed.</summary>
public sealed class AnalysisApiFactory(PostgresFixture postgres) : ApiFactory(postgres)
{
    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Analysis:Workers"] = "2";
        settings["Analysis:PollInterval"] = "00:00:00.200";
        return settings;
    }
}

/// <summary>
/// No background workers: tests drive claims and worker steps themselves; leases last one second, retries come at
/// once, and <see cref="Faults"/> can fail the database commits.
/// </summary>
public sealed class ManualAnalysisApiFactory(PostgresFixture postgres) : ApiFactory(postgres)
{
    public FaultInjector Faults { get; } = new();

    protected override void ConfigureTestServices(IServiceCollection services) =>
        services.AddSingleton<IInterceptor>(Faults);

    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Analysis:LeaseDuration"] = "00:00:01";
        settings["Analysis:RetryDelay"] = "00:00:00";
        return settings;
    }
}
