using System.Runtime.InteropServices;

namespace FaceAspire.Hosting;

/// <summary>
/// A cancellation token that fires on Ctrl+C (SIGINT), SIGTERM or SIGQUIT, with the default "terminate now"
/// cancelled so that the AppHost can stop everything it started before it exits.
/// </summary>
public sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration[] _registrations;

    /// <summary>Starts listening.</summary>
    public ShutdownSignal()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGQUIT, Handle),
        ];
    }

    /// <summary>Cancelled once a shutdown signal arrives.</summary>
    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _source.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        context.Cancel = true;
        _source.Cancel();
    }
}
