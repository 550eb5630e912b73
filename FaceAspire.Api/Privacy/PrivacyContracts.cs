namespace FaceAspire.Api.Privacy;

/// <summary>Body of <c>DELETE /api/me</c>: the account's current password, as proof.</summary>
public sealed record DeleteAccountRequest(string? Password);
