using System.Diagnostics.Metrics;

namespace FaceAspire.Api.Accounts;

/// <summary>Sign-in counts on the meter <see cref="MeterName"/> (ServiceDefaults exports every <c>FaceAspire.*</c> meter).</summary>
public sealed class AccountMetrics : IDisposable
{
    public const string MeterName = "FaceAspire.Api.Accounts";
    private readonly Meter _meter;
    private readonly Counter<long> _signInFailures;

    public AccountMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _signInFailures = _meter.CreateCounter<long>("faceaspire.signin.failures", "{attempt}", "Sign-ins refused for a wrong e-mail or password");
    }

    public void RecordSignInFailure() => _signInFailures.Add(1);

    public void Dispose() => _meter.Dispose();
}
