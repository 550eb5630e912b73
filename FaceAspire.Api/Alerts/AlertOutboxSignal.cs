using FaceAspire.Api.Infrastructure;

namespace FaceAspire.Api.Alerts;

/// <summary>Signalled when this instance writes an alert to the outbox.</summary>
public sealed class AlertOutboxSignal : WorkSignal;
