using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using FaceAspire.Evaluation.Benchmark;

namespace FaceAspire.Evaluation.Tasks;

/// <summary>
/// Source-generated JSON for the evaluation and benchmark reports: camelCase, indented, and NaN written as
/// "NaN" (a figure the engine could not produce stays visible instead of failing the run).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(EvaluationReport))]
[JsonSerializable(typeof(BenchReport))]
public sealed partial class EvaluationJsonContext : JsonSerializerContext
{
    /// <summary>Like <see cref="JsonSerializerContext"/>'s default, but leaves "&lt;=" and "&gt;=" unescaped: the reports are read by people, not embedded in HTML.</summary>
    public static EvaluationJsonContext Readable { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
