using System.CommandLine;
using System.Text.Json;
using FaceAspire.Vision.Imaging;
using FaceAspire.Vision.Pipeline;
using FaceAspire.Vision.Rekognition;

namespace FaceAspire.Cli.Commands;

/// <summary>
/// <c>faceaspire detect-faces [--attributes DEFAULT|ALL] [--list FILE] IMAGE...</c>: one JSON line per image,
/// <c>{"Image": path, "FaceDetails": [...]}</c> or <c>{"Image": path, "Error": reason}</c>, in input order; the exit
/// code is 1 when any image failed.
/// </summary>
public static class DetectFacesCommand
{
    /// <summary>Builds the command; <paramref name="createAnalyzer"/> makes the engine from analyzer options.</summary>
    public static Command Create(Func<FaceAnalyzerOptions, FaceAnalyzer> createAnalyzer)
    {
        ArgumentNullException.ThrowIfNull(createAnalyzer);
        var images = new Argument<string[]>("IMAGE") { Description = "Image files (JPEG, PNG, WebP).", Arity = ArgumentArity.ZeroOrMore };
        var list = new Option<string?>("--list") { Description = "A file with one image path per line (blank lines and # comments skipped)." };
        var attributes = CliOptions.Attributes();
        var parallelism = CliOptions.Parallelism();
        var command = new Command("detect-faces", "Detect faces and describe them as Rekognition FaceDetails, one JSON line per image.")
        {
            images, list, attributes, parallelism,
        };
        command.Validators.Add(r =>
        {
            if ((r.GetValue(images)?.Length ?? 0) == 0 && r.GetValue(list) is null)
            {
                r.AddError("Give at least one IMAGE or --list FILE.");
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            var paths = new List<string>(parse.GetValue(images) ?? []);
            if (parse.GetValue(list) is { } listFile)
            {
                if (!File.Exists(listFile))
                {
                    await Console.Error.WriteLineAsync($"The list file '{listFile}' does not exist.").ConfigureAwait(false);
                    return 2;
                }

                paths.AddRange(CliOptions.ReadList(listFile));
            }

            var set = parse.GetValue(attributes);
            using var analyzer = createAnalyzer(new FaceAnalyzerOptions { MaxDegreeOfParallelism = 1 });
            var failed = 0;
            using var output = Console.OpenStandardOutput();
            await OrderedParallel.RunAsync(
                paths,
                parse.GetValue(parallelism),
                (path, ct) => Line(analyzer, path, set, ct),
                line =>
                {
                    failed += line.Failed ? 1 : 0;
                    output.Write(line.Json);
                    output.WriteByte((byte)'\n');
                    output.Flush();
                },
                cancellationToken).ConfigureAwait(false);
            return failed > 0 ? 1 : 0;
        });
        return command;
    }

    private static (byte[] Json, bool Failed) Line(FaceAnalyzer analyzer, string path, FaceAttributeSet set, CancellationToken cancellationToken)
    {
        IReadOnlyList<FaceDetail>? details = null;
        string? error = null;
        try
        {
            details = [.. analyzer.Analyze(File.ReadAllBytes(path), set, includeEmbeddings: false, cancellationToken).Select(f => f.Detail)];
        }
        catch (Exception ex) when (ex is ImageDecodeException or IOException or UnauthorizedAccessException)
        {
            error = ex is FileNotFoundException or DirectoryNotFoundException ? $"File not found: {path}" : ex.Message;
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("Image", path);
            if (details is null)
            {
                writer.WriteString("Error", error);
            }
            else
            {
                writer.WritePropertyName("FaceDetails");
                JsonSerializer.Serialize(writer, details, RekognitionJsonContext.Default.IReadOnlyListFaceDetail);
            }

            writer.WriteEndObject();
        }

        return (buffer.ToArray(), details is null);
    }
}
