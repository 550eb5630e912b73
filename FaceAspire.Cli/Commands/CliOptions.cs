using System.CommandLine;
using FaceAspire.Evaluation.Datasets;
using FaceAspire.Vision.Pipeline;

namespace FaceAspire.Cli.Commands;

/// <summary>Options and helpers shared by the image commands.</summary>
internal static class CliOptions
{
    public static Option<FaceAttributeSet> Attributes() => new("--attributes")
    {
        Description = "DEFAULT (box, confidence, pose, quality, landmarks) or ALL (every attribute the engine produces).",
        DefaultValueFactory = _ => FaceAttributeSet.Default,
        CustomParser = r => r.Tokens[0].Value.ToUpperInvariant() switch
        {
            "DEFAULT" => FaceAttributeSet.Default,
            "ALL" => FaceAttributeSet.All,
            var other => Fail<FaceAttributeSet>(r, $"--attributes must be DEFAULT or ALL, not '{other}'."),
        },
    };

    /// <summary>Which emotion model the engine runs (comparisons through the product path).</summary>
    public static Option<EmotionModel> EmotionModelOption() => new("--emotion-model")
    {
        Description = "NETWORK (the engine's own, trained on FER2013), HUMAN (the Human package's mini-Xception) or COMBINED (the mean of both); default: the engine's default.",
        DefaultValueFactory = _ => new FaceAnalyzerOptions().EmotionModel,
        CustomParser = r => r.Tokens[0].Value.ToUpperInvariant() switch
        {
            "NETWORK" => EmotionModel.Network,
            "HUMAN" => EmotionModel.Human,
            "COMBINED" => EmotionModel.Combined,
            var other => Fail<EmotionModel>(r, $"--emotion-model must be NETWORK, HUMAN or COMBINED, not '{other}'."),
        },
    };

    /// <summary>Images analysed at once; each analysis itself runs on one thread, so this bounds CPU use.</summary>
    public static Option<int> Parallelism()
    {
        var option = new Option<int>("--parallelism")
        {
            Description = "Images analysed at once (default: processor count).",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--parallelism must be at least 1.");
            }
        });
        return option;
    }

    /// <summary>The labelled eval folder option of the evaluation and training commands.</summary>
    public static Option<string?> EvalData() => new("--data")
    {
        Description = $"Labelled eval folder (default: ${EvalDataLocation.EnvironmentVariable}, else ../shared/eval beside the repository).",
    };

    /// <summary>The eval folder <paramref name="given"/> names (or the default), or null after saying on stderr how to provide it.</summary>
    public static string? ResolveEvalData(string? given)
    {
        var root = EvalDataLocation.Resolve(given);
        if (root is null)
        {
            Console.Error.WriteLine(
                $"The labelled eval folder was not found: pass --data DIR, set {EvalDataLocation.EnvironmentVariable}, or place it at ../shared/eval beside the repository.");
        }

        return root;
    }

    /// <summary>Non-blank lines of a list file, trimmed, without <c>#</c> comment lines.</summary>
    public static IEnumerable<string> ReadList(string file) =>
        File.ReadLines(file).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'));

    private static T Fail<T>(System.CommandLine.Parsing.ArgumentResult result, string message)
        where T : struct
    {
        result.AddError(message);
        return default;
    }
}
