using System.Diagnostics.Metrics;

namespace FaceAspire.Api.Alerts;

/// <summary>Alert delivery counts on the meter <see cref="MeterName"/> (ServiceDefaults exports every <c>FaceAspire.*</c> meter).</summary>
public sealed class AlertMetrics : IDisposable
{
    public const string MeterName = "FaceAspire.Api.Alerts";
    private readonly Meter _meter;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _failed;

    public AlertMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _sent = _meter.CreateCounter<long>("faceaspire.alerts.sent", "{alert}", "Alerts the alert function acknowledged");
        _failed = _meter.CreateCounter<long>("faceaspire.alerts.failed", "{attempt}", "Delivery attempts that failed and will be retried");
    }

    public void RecordDelivery(bool delivered) => (delivered ? _sent : _failed).Add(1);

    public void Dispose() => _meter.Dispose();
}
