using System.Globalization;
using System.Text;

namespace FaceAspire.Evaluation.Tasks;

/// <summary>
/// Renders an <see cref="EvaluationReport"/> as a plain-text table, one row per figure, a column per engine and a
/// "no face" column per engine (samples behind the figure where that engine found no face).
/// </summary>
public static class ReportTable
{
    public static string Render(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var engines = report.Tasks.Select(t => t.Engine).Distinct().ToList();
        var header = new List<string> { "task", "dataset", "metric", "target" };
        header.AddRange(engines.Select(e => e));
        header.AddRange(engines.Select(e => engines.Count == 1 ? "no face" : $"no face ({e})"));
        header.Add("n");
        var rows = new List<List<string>> { header };
        foreach (var task in report.Tasks.Select(t => t.Task).Distinct())
        {
            var perEngine = report.Tasks.Where(t => t.Task == task).ToList();
            var keys = perEngine.SelectMany(t => t.Rows).Select(r => (r.Dataset, r.Metric)).Distinct().ToList();
            foreach (var (dataset, metric) in keys)
            {
                var any = perEngine.SelectMany(t => t.Rows).First(r => r.Dataset == dataset && r.Metric == metric);
                var row = new List<string> { task, dataset, metric, any.Target ?? "" };
                MetricRow? Of(string engine) =>
                    perEngine.FirstOrDefault(t => t.Engine == engine)?.Rows.FirstOrDefault(r => r.Dataset == dataset && r.Metric == metric);
                row.AddRange(engines.Select(e => Of(e) is { } r ? Format(r.Value) : "n/a"));
                row.AddRange(engines.Select(e => Of(e)?.NoFace?.ToString(CultureInfo.InvariantCulture) ?? ""));
                row.Add(any.Samples.ToString(CultureInfo.InvariantCulture));
                rows.Add(row);
            }

            var time = new List<string> { task, "", "ms per image", "" };
            time.AddRange(engines.Select(e => perEngine.FirstOrDefault(t => t.Engine == e) is { } t ? Format(t.MillisecondsPerImage, "0.0") : "n/a"));
            time.AddRange(engines.Select(_ => ""));
            time.Add(perEngine[0].Images.ToString(CultureInfo.InvariantCulture));
            rows.Add(time);
        }

        var widths = Enumerable.Range(0, header.Count).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.AppendLine(string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
        }

        foreach (var task in report.Tasks)
        {
            foreach (var note in task.Notes)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"[{task.Task}, {task.Engine}] {note}");
            }
        }

        return text.ToString();
    }

    private static string Format(double value, string format = "0.000") =>
        double.IsNaN(value) ? "n/a" : value.ToString(format, CultureInfo.InvariantCulture);
}
