using System.Text;
using System.Text.Json;

namespace FaceAspire.Vision.ModelImport.Tfjs;

/// <summary>One node of a TensorFlow.js graph (a GraphDef node in JSON) with typed access to its attributes.</summary>
internal sealed record TfjsNode(string Name, string Op, IReadOnlyList<string> Inputs, IReadOnlyDictionary<string, JsonElement> Attributes)
{
    /// <summary>Data inputs only: control dependencies (<c>^name</c>) carry no tensor.</summary>
    public IReadOnlyList<string> DataInputs { get; } = Inputs.Where(i => !i.StartsWith('^')).Select(TensorName).ToArray();

    /// <summary>Strips the <c>:0</c> output index; the face graphs only use single-output ops.</summary>
    public static string TensorName(string reference)
    {
        var colon = reference.LastIndexOf(':');
        if (colon < 0)
        {
            return reference;
        }

        var index = reference[(colon + 1)..];
        return index == "0" ? reference[..colon] : throw new NotSupportedException($"Tensor '{reference}' is not the first output of its node; multi-output ops are not supported.");
    }

    public bool Has(string name) => Attributes.ContainsKey(name);

    public string GetString(string name, string fallback = "")
    {
        if (!Attributes.TryGetValue(name, out var value) || !value.TryGetProperty("s", out var s))
        {
            return fallback;
        }

        return Encoding.UTF8.GetString(s.GetBytesFromBase64());
    }

    public long GetInt(string name, long fallback = 0) =>
        Attributes.TryGetValue(name, out var value) && value.TryGetProperty("i", out var i) ? ParseLong(i) : fallback;

    public float GetFloat(string name, float fallback = 0) =>
        Attributes.TryGetValue(name, out var value) && value.TryGetProperty("f", out var f) ? f.GetSingle() : fallback;

    public bool GetBool(string name, bool fallback = false) =>
        Attributes.TryGetValue(name, out var value) && value.TryGetProperty("b", out var b) ? b.GetBoolean() : fallback;

    public long[] GetInts(string name)
    {
        if (!Attributes.TryGetValue(name, out var value) || !value.TryGetProperty("list", out var list) || !list.TryGetProperty("i", out var items))
        {
            return [];
        }

        return items.EnumerateArray().Select(ParseLong).ToArray();
    }

    public string[] GetStrings(string name)
    {
        if (!Attributes.TryGetValue(name, out var value) || !value.TryGetProperty("list", out var list) || !list.TryGetProperty("s", out var items))
        {
            return [];
        }

        return items.EnumerateArray().Select(s => Encoding.UTF8.GetString(s.GetBytesFromBase64())).ToArray();
    }

    /// <summary>The <c>shape</c> attribute of a Placeholder; -1 marks an unknown size.</summary>
    public long[]? GetShape(string name)
    {
        if (!Attributes.TryGetValue(name, out var value) || !value.TryGetProperty("shape", out var shape))
        {
            return null;
        }

        return shape.TryGetProperty("dim", out var dims) ? dims.EnumerateArray().Select(d => ParseLong(d.GetProperty("size"))).ToArray() : [];
    }

    public NotSupportedException Unsupported(string detail) =>
        new($"TensorFlow.js op '{Op}' (node '{Name}'): {detail}");

    // GraphDef JSON writes 64-bit integers as strings.
    private static long ParseLong(JsonElement element) =>
        element.ValueKind == JsonValueKind.String ? long.Parse(element.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : element.GetInt64();
}
