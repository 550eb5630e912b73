using FaceAspire.Evaluation.Engines;

namespace FaceAspire.Evaluation.Tasks;

/// <summary>Runs the named tasks for each engine on the same data and collects one report.</summary>
public static class EvaluationRunner
{
    /// <summary>Task names accepted by <c>--task</c>, in run order; <c>all</c> runs every one.</summary>
    public static IReadOnlyList<string> TaskNames { get; } =
        [DetectionTask.Name, VerificationTask.Name, EmotionTask.Name, EyesTask.Name, AttributesTask.Name, PeopleTask.Name];

    /// <summary>The tasks <paramref name="task"/> stands for.</summary>
    /// <exception cref="ArgumentException">Not a task name nor <c>all</c>.</exception>
    public static IReadOnlyList<string> Expand(string task) =>
        task == "all" ? TaskNames
        : TaskNames.Contains(task) ? [task]
        : throw new ArgumentException($"Unknown task '{task}'; use one of {string.Join(", ", TaskNames)} or all.", nameof(task));

    /// <summary>Runs <paramref name="tasks"/> on every engine, task by task so the engines' figures sit side by side.</summary>
    public static EvaluationReport Run(
        IReadOnlyList<IFaceEngine> engines,
        string evalRoot,
        IReadOnlyList<string> tasks,
        int? limit,
        Action<TaskReport>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engines);
        ArgumentNullException.ThrowIfNull(tasks);
        var started = DateTimeOffset.UtcNow;
        var reports = new List<TaskReport>();
        foreach (var task in tasks)
        {
            foreach (var engine in engines)
            {
                var report = RunOne(task, engine, evalRoot, limit, cancellationToken);
                progress?.Invoke(report);
                reports.Add(report);
            }
        }

        return new EvaluationReport(evalRoot, limit, MachineInfo.Describe(), started, reports);
    }

    private static TaskReport RunOne(string task, IFaceEngine engine, string evalRoot, int? limit, CancellationToken cancellationToken) => task switch
    {
        DetectionTask.Name => DetectionTask.Run(engine, evalRoot, limit, cancellationToken),
        VerificationTask.Name => VerificationTask.Run(engine, evalRoot, limit, cancellationToken),
        EmotionTask.Name => EmotionTask.Run(engine, evalRoot, limit, cancellationToken),
        EyesTask.Name => EyesTask.Run(engine, evalRoot, limit, cancellationToken),
        AttributesTask.Name => AttributesTask.Run(engine, evalRoot, limit, cancellationToken),
        PeopleTask.Name => PeopleTask.Run(engine, evalRoot, limit, cancellationToken),
        _ => throw new ArgumentException($"Unknown task '{task}'.", nameof(task)),
    };
}
