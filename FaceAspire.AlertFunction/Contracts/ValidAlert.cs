namespace FaceAspire.AlertFunction.Contracts;

/// <summary>
/// An <see cref="AlertMessage"/> that passed validation, with its parts already parsed: only this type
/// reaches the handler, so nothing downstream re-checks the wire format.
/// </summary>
/// <param name="Message">The message as received.</param>
/// <param name="ThumbnailJpeg">Decoded thumbnail, or null when none was sent.</param>
public sealed record ValidAlert(AlertMessage Message, byte[]? ThumbnailJpeg);
