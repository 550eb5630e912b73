namespace FaceAspire.Evaluation.Tasks;

/// <summary>One measured figure: which dataset, what metric, its value, how many samples it rests on, and the target it is held to.</summary>
/// <param name="Dataset">Eval folder (and protocol) the figure comes from.</param>
/// <param name="Metric">Metric name, e.g. <c>recall</c>, <c>accuracy</c>, <c>ECE Smile</c>.</param>
/// <param name="Value">The figure; NaN when it could not be computed (e.g. the engine does not answer the task).</param>
/// <param name="Samples">Validation samples behind the figure.</param>
/// <param name="Target">The target from the issue, as text (e.g. <c>&gt;= 0.97</c>), or null.</param>
/// <param name="NoFace">
/// Samples behind the figure where the engine found no face (a pair counts when either photo has none; for detection
/// recall, the marked faces not found; for false positives, the photos with no box), or null where it does not apply.
/// </param>
public sealed record MetricRow(string Dataset, string Metric, double Value, int Samples, string? Target = null, int? NoFace = null);

/// <summary>The figures of one task for one engine, with what it cost.</summary>
/// <param name="Task">detection, verification, emotion, eyes or attributes.</param>
/// <param name="Engine">Engine name.</param>
/// <param name="Rows">Measured figures (validation side only).</param>
/// <param name="Images">Images analysed (both sides where a threshold is chosen on train).</param>
/// <param name="Seconds">Wall time of the task.</param>
/// <param name="MillisecondsPerImage">Mean engine time per image (decoding excluded).</param>
/// <param name="Notes">Facts a reader needs to interpret the figures (misses, protocol).</param>
public sealed record TaskReport(
    string Task, string Engine, IReadOnlyList<MetricRow> Rows, int Images, double Seconds, double MillisecondsPerImage, IReadOnlyList<string> Notes);

/// <summary>Everything one <c>faceaspire evaluate</c> run measured.</summary>
/// <param name="DataDirectory">The eval folder read.</param>
/// <param name="Limit">Per-dataset sample limit, or null for all validation samples.</param>
/// <param name="Machine">Processor count and CPU model.</param>
/// <param name="StartedUtc">When the run started.</param>
/// <param name="Tasks">Per task and engine.</param>
public sealed record EvaluationReport(string DataDirectory, int? Limit, string Machine, DateTimeOffset StartedUtc, IReadOnlyList<TaskReport> Tasks);
