using System.Text.Json;

namespace FaceAspire.Vision.ModelImport.Tfjs;

/// <summary>
/// A TensorFlow.js graph model as stored on disk: <c>{name}.json</c> (GraphDef in JSON plus a weights manifest)
/// and the weight files it names, already decoded into constants.
/// </summary>
internal sealed class TfjsGraphModel
{
    private TfjsGraphModel(
        string name,
        IReadOnlyDictionary<string, TfjsNode> nodes,
        IReadOnlyList<GraphPort> inputs,
        IReadOnlyList<GraphPort> outputs,
        IReadOnlyDictionary<string, ConstTensor> constants,
        IReadOnlyDictionary<string, string> metadata)
    {
        Name = name;
        Nodes = nodes;
        Inputs = inputs;
        Outputs = outputs;
        Constants = constants;
        Metadata = metadata;
    }

    public string Name { get; }

    public IReadOnlyDictionary<string, TfjsNode> Nodes { get; }

    /// <summary>The Placeholders that feed the graph.</summary>
    public IReadOnlyList<GraphPort> Inputs { get; }

    /// <summary>The graph's results, in the order of the model's signature (or, lacking one, of the nodes).</summary>
    public IReadOnlyList<GraphPort> Outputs { get; }

    public IReadOnlyDictionary<string, ConstTensor> Constants { get; }

    /// <summary>Provenance recorded by the converter: <c>generatedBy</c>, <c>convertedBy</c>, <c>format</c>.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Reads <paramref name="jsonPath"/> and the weight files beside it.</summary>
    public static TfjsGraphModel Load(string jsonPath)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(jsonPath));
        var root = document.RootElement;
        var topology = root.GetProperty("modelTopology");
        var nodes = new Dictionary<string, TfjsNode>(StringComparer.Ordinal);
        foreach (var node in topology.GetProperty("node").EnumerateArray())
        {
            var parsed = ParseNode(node);
            nodes[parsed.Name] = parsed;
        }

        var constants = TfjsWeightReader.Read(root.GetProperty("weightsManifest"), Path.GetDirectoryName(Path.GetFullPath(jsonPath))!);
        // TensorFlow.js names a model's inputs and outputs by the keys of a top-level signature; one kept
        // under userDefinedMetadata only says which tensors are outputs.
        var inputs = SignaturePorts(root, "signature", "inputs")
            ?? nodes.Values.Where(n => n.Op == "Placeholder").Select(n => new GraphPort(n.Name, n.Name)).ToArray();
        var outputs = SignaturePorts(root, "signature", "outputs")
            ?? SignaturePorts(root.TryGetProperty("userDefinedMetadata", out var user) ? user : default, "signature", "outputs")
            ?? LeafNodes(nodes);

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in new[] { "format", "generatedBy", "convertedBy" })
        {
            if (root.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String)
            {
                metadata[key] = value.GetString()!;
            }
        }

        return new TfjsGraphModel(Path.GetFileNameWithoutExtension(jsonPath), nodes, inputs, outputs, constants, metadata);
    }

    private static TfjsNode ParseNode(JsonElement node)
    {
        var inputs = node.TryGetProperty("input", out var input) ? input.EnumerateArray().Select(i => i.GetString()!).ToArray() : [];
        var attributes = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (node.TryGetProperty("attr", out var attr))
        {
            foreach (var property in attr.EnumerateObject())
            {
                attributes[property.Name] = property.Value.Clone();
            }
        }

        return new TfjsNode(node.GetProperty("name").GetString()!, node.GetProperty("op").GetString()!, inputs, attributes);
    }

    private static GraphPort[]? SignaturePorts(JsonElement owner, string signatureProperty, string section)
    {
        if (owner.ValueKind != JsonValueKind.Object
            || !owner.TryGetProperty(signatureProperty, out var signature)
            || !signature.TryGetProperty(section, out var entries))
        {
            return null;
        }

        var ports = entries.EnumerateObject()
            .Select(e => new GraphPort(StripIndex(e.Name), TfjsNode.TensorName(e.Value.GetProperty("name").GetString()!)))
            .ToArray();
        return ports.Length == 0 ? null : ports;
    }

    private static string StripIndex(string key) => key.EndsWith(":0", StringComparison.Ordinal) ? key[..^2] : key;

    private static GraphPort[] LeafNodes(Dictionary<string, TfjsNode> nodes)
    {
        var consumed = nodes.Values.SelectMany(n => n.DataInputs).ToHashSet(StringComparer.Ordinal);
        return nodes.Values
            .Where(n => n.Op is not ("Const" or "Placeholder") && !consumed.Contains(n.Name))
            .Select(n => new GraphPort(n.Name, n.Name))
            .ToArray();
    }
}

/// <summary>A graph input or output: the public <paramref name="Name"/> and the node <paramref name="Tensor"/> behind it.</summary>
internal sealed record GraphPort(string Name, string Tensor);
