namespace FaceAspire.Api.Accounts;

/// <summary>Role names carried in the <c>role</c> claim.</summary>
public static class Roles
{
    public const string User = "user";
    public const string Admin = "admin";

    /// <summary>Authorization policy that requires <see cref="Admin"/>.</summary>
    public const string AdminPolicy = "admin";
}
