using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FaceAspire.Vision.Calibration;
using FaceAspire.Vision.Imaging;
using FaceAspire.Vision.Pipeline;
using FaceAspire.Vision.Rekognition;

namespace FaceAspire.Cli.Commands;

/// <summary>
/// <c>faceaspire compare-faces SOURCE TARGET [--similarity-threshold N]</c> prints Rekognition's CompareFaces JSON;
/// <c>faceaspire compare-faces --pairs FILE.csv</c> prints <c>{"A", "B", "Similarity", "Cosine"}</c> per pair (largest
/// face of each image), or <c>{"A", "B", "Error"}</c>, in input order; the exit code is 1 when any pair failed.
/// </summary>
public static class CompareFacesCommand
{
    /// <summary>Builds the command; <paramref name="createAnalyzer"/> makes the engine from analyzer options.</summary>
    public static Command Create(Func<FaceAnalyzerOptions, FaceAnalyzer> createAnalyzer)
    {
        ArgumentNullException.ThrowIfNull(createAnalyzer);
        var sourceArg = new Argument<string?>("SOURCE") { Description = "Image whose largest face is compared.", Arity = ArgumentArity.ZeroOrOne };
        var targetArg = new Argument<string?>("TARGET") { Description = "Image whose faces are compared with it.", Arity = ArgumentArity.ZeroOrOne };
        var threshold = new Option<float>("--similarity-threshold")
        {
            Description = "Minimum similarity (0-100) of a match.",
            DefaultValueFactory = _ => FaceComparison.DefaultThreshold,
        };
        threshold.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<float>() is < 0 or > 100)
            {
                r.AddError("--similarity-threshold must be between 0 and 100.");
            }
        });
        var pairs = new Option<string?>("--pairs") { Description = "CSV of image pairs (two path columns, header allowed)." };
        var parallelism = CliOptions.Parallelism();
        var command = new Command("compare-faces", "Compare faces as Rekognition CompareFaces, or score a CSV of image pairs.")
        {
            sourceArg, targetArg, threshold, pairs, parallelism,
        };
        command.Validators.Add(r =>
        {
            var hasImages = r.GetValue(sourceArg) is not null && r.GetValue(targetArg) is not null;
            if (hasImages == (r.GetValue(pairs) is not null))
            {
                r.AddError("Give either SOURCE and TARGET, or --pairs FILE.csv.");
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (FittedCalibration.Similarity is not { } calibration)
            {
                await Console.Error.WriteLineAsync("This engine build has no similarity calibration.").ConfigureAwait(false);
                return 2;
            }

            using var analyzer = createAnalyzer(new FaceAnalyzerOptions { MaxDegreeOfParallelism = 1 });
            if (parse.GetValue(pairs) is { } pairsFile)
            {
                if (!File.Exists(pairsFile))
                {
                    await Console.Error.WriteLineAsync($"The pairs file '{pairsFile}' does not exist.").ConfigureAwait(false);
                    return 2;
                }

                return await ScorePairsAsync(analyzer, calibration, ReadPairs(pairsFile), parse.GetValue(parallelism), cancellationToken).ConfigureAwait(false);
            }

            try
            {
                var source = Faces(analyzer, parse.GetValue(sourceArg)!, cancellationToken);
                var target = Faces(analyzer, parse.GetValue(targetArg)!, cancellationToken);
                var result = FaceComparison.Compare(source, target, parse.GetValue(threshold), calibration);
                Console.Out.WriteLine(JsonSerializer.Serialize(result, RekognitionJsonContext.Default.CompareFacesResult));
                return 0;
            }
            catch (Exception ex) when (ex is ImageDecodeException or IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
                return 1;
            }
        });
        return command;
    }

    private static async Task<int> ScorePairsAsync(
        FaceAnalyzer analyzer, SimilarityCalibration calibration, IEnumerable<(string A, string B)> pairs, int degree, CancellationToken cancellationToken)
    {
        var failed = 0;
        await OrderedParallel.RunAsync(
            pairs,
            degree,
            (pair, ct) => PairLine(analyzer, calibration, pair.A, pair.B, ct),
            line =>
            {
                failed += line.Failed ? 1 : 0;
                Console.Out.WriteLine(line.Json);
            },
            cancellationToken).ConfigureAwait(false);
        await Console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
        return failed > 0 ? 1 : 0;
    }

    private static (string Json, bool Failed) PairLine(FaceAnalyzer analyzer, SimilarityCalibration calibration, string a, string b, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var failed = false;
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("A", a);
            writer.WriteString("B", b);
            try
            {
                var faceA = Largest(analyzer, a, cancellationToken);
                var faceB = Largest(analyzer, b, cancellationToken);
                var cosine = FaceComparison.Cosine(faceA.Embedding, faceB.Embedding);
                writer.WriteNumber("Similarity", calibration.Similarity(cosine));
                writer.WriteNumber("Cosine", cosine);
            }
            catch (Exception ex) when (ex is ImageDecodeException or IOException or UnauthorizedAccessException or InvalidDataException)
            {
                failed = true;
                writer.WriteString("Error", ex is FileNotFoundException or DirectoryNotFoundException ? $"File not found: {ex.Message}" : ex.Message);
            }

            writer.WriteEndObject();
        }

        return (System.Text.Encoding.UTF8.GetString(buffer.ToArray()), failed);
    }

    private static IReadOnlyList<AnalyzedFace> Faces(FaceAnalyzer analyzer, string path, CancellationToken cancellationToken) =>
        analyzer.Analyze(File.ReadAllBytes(path), FaceAttributeSet.Default, includeEmbeddings: true, cancellationToken);

    private static (AnalyzedFace Face, float[] Embedding) Largest(FaceAnalyzer analyzer, string path, CancellationToken cancellationToken)
    {
        var face = Faces(analyzer, path, cancellationToken).MaxBy(f => f.RelativeArea)
            ?? throw new InvalidDataException($"No face found in {path}.");
        return (face, face.Embedding!);
    }

    /// <summary>The first two columns of each row; a first row whose first cell is no file and has no extension is a header.</summary>
    internal static IEnumerable<(string A, string B)> ReadPairs(string csvFile)
    {
        var first = true;
        foreach (var line in CliOptions.ReadList(csvFile))
        {
            var cells = line.Split(',');
            if (cells.Length < 2)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"'{csvFile}': a row needs two image paths: '{line}'."));
            }

            var (a, b) = (cells[0].Trim().Trim('"'), cells[1].Trim().Trim('"'));
            if (first && !File.Exists(a) && Path.GetExtension(a).Length == 0)
            {
                first = false;
                continue;
            }

            first = false;
            yield return (a, b);
        }
    }
}
