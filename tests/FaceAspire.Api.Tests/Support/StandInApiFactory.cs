namespace FaceAspire.Api.Tests.Support;

/// <summary>
/// The API configured against a local stand-in for an AWS service (SNS, SQS): the stand-in starts before the API, so
/// its address can go into <see cref="ApiFactory.Settings"/>, and stops after it.
/// </summary>
public abstract class StandInApiFactory<TStandIn>(PostgresFixture postgres) : ApiFactory(postgres)
    where TStandIn : class, IAsyncDisposable
{
    private TStandIn? _standIn;

    protected TStandIn StandIn => _standIn ?? throw new InvalidOperationException("The stand-in starts with the factory.");

    protected abstract Task<TStandIn> StartStandInAsync();

    /// <summary>Points the section (e.g. <c>Alerts:Sqs</c>) at the stand-in, with the given static keys and endpoint settings.</summary>
    protected static void UseStandIn(
        Dictionary<string, string?> settings, string section, string serviceUrl, (string Key, string Value) endpoint,
        string accessKey = "test-access-key", string secretKey = "test-secret-key")
    {
        settings[$"{section}:ServiceUrl"] = serviceUrl;
        settings[$"{section}:{endpoint.Key}"] = endpoint.Value;
        settings[$"{section}:AccessKey"] = accessKey;
        settings[$"{section}:SecretKey"] = secretKey;
    }

    public override async ValueTask InitializeAsync()
    {
        _standIn = await StartStandInAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_standIn is not null)
        {
            await _standIn.DisposeAsync();
        }
    }
}
