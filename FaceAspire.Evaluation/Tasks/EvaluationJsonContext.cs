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
public sealed partial class EvaluationJsonContext : JsonSerializerContext;
