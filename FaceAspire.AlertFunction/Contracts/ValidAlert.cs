namespace FaceAspire.AlertFunction.Contracts;

/// <summary>A message that passed validation (<see cref="ValidAlert"/> or <see cref="ValidAccountNotice"/>): only these reach the handler.</summary>
public interface IValidMessage
{
    /// <summary>The message's idempotency key.</summary>
    Guid Id { get; }
}

/// <summary>
/// An <see cref="AlertMessage"/> that passed validation, with its parts already parsed: only this type
/// reaches the handler, so nothing downstream re-checks the wire format.
/// </summary>
/// <param name="Message">The message as received.</param>
/// <param name="ThumbnailJpeg">Decoded thumbnail, or null when none was sent.</param>
public sealed record ValidAlert(AlertMessage Message, byte[]? ThumbnailJpeg) : IValidMessage
{
    /// <inheritdoc />
    public Guid Id => Message.AlertId;
}
