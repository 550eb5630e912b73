using System.Text.Json;

namespace FaceAspire.AlertFunction.Contracts;

/// <summary>The JSON settings of the alert contract: camelCase, as ASP.NET Core writes by default.</summary>
public static class AlertJson
{
    /// <summary>Options for reading and writing <see cref="AlertMessage"/> and the function's replies.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
