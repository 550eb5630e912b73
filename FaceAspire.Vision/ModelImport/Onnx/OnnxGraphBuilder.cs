using System.Runtime.InteropServices;
using FaceAspire.Vision.Protos.Onnx;
using Google.Protobuf;

namespace FaceAspire.Vision.ModelImport.Onnx;

/// <summary>Accumulates ONNX nodes and initializers and assembles them into a model.</summary>
internal sealed class OnnxGraphBuilder
{
    /// <summary>ONNX operator set the translators target; ORT's optimisers know every op of it.</summary>
    public const long OpsetVersion = 17;

    // IR version 8 is the one that goes with opset 17.
    private const long IrVersion = 8;

    private readonly GraphProto _graph = new();
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>A value name not used yet, derived from <paramref name="stem"/>.</summary>
    public string Unique(string stem)
    {
        var name = stem;
        for (var i = 1; !_names.Add(name); i++)
        {
            name = $"{stem}_{i}";
        }

        return name;
    }

    /// <summary>Adds a node with one output named after <paramref name="outputStem"/>; returns that output's name.</summary>
    public string Add(string opType, string outputStem, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        var output = Unique(outputStem);
        var node = new NodeProto { OpType = opType, Name = output };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return output;
    }

    public string AddFloats(string stem, long[] shape, float[] values)
    {
        var tensor = new TensorProto { Name = Unique(stem), DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(shape);
        tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan()));
        _graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    public string AddInt64s(string stem, long[] shape, long[] values)
    {
        var tensor = new TensorProto { Name = Unique(stem), DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.AddRange(shape);
        tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan()));
        _graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>A 1-D int64 initializer, the form ONNX wants for axes, shapes and pads.</summary>
    public string AddAxes(string stem, params long[] values) => AddInt64s(stem, [values.Length], values);

    public void AddInput(string name, long[] shape)
    {
        _names.Add(name);
        _graph.Input.Add(FloatValue(name, shape));
    }

    /// <summary>Keeps <paramref name="name"/> free for a graph output, so no inner value takes it.</summary>
    public void Reserve(string name) => _names.Add(name);

    /// <summary>Declares graph output <paramref name="name"/> (reserved earlier) holding <paramref name="value"/>.</summary>
    public void AddOutput(string name, string value)
    {
        var node = new NodeProto { OpType = "Identity", Name = name };
        node.Input.Add(value);
        node.Output.Add(name);
        _graph.Node.Add(node);
        _graph.Output.Add(FloatValue(name, null));
    }

    public ModelProto Build(string graphName, string producerVersion, IReadOnlyDictionary<string, string> metadata)
    {
        _graph.Name = graphName;
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "FaceAspire.Vision",
            ProducerVersion = producerVersion,
            Graph = _graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = OpsetVersion });
        foreach (var (key, value) in metadata)
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }

        return model;
    }

    // Unknown sizes (-1) become a named symbolic dimension; a null shape leaves the rank open.
    private static ValueInfoProto FloatValue(string name, long[]? shape)
    {
        var tensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float };
        if (shape is not null)
        {
            tensorType.Shape = new TensorShapeProto();
            foreach (var size in shape)
            {
                tensorType.Shape.Dim.Add(size >= 0
                    ? new TensorShapeProto.Types.Dimension { DimValue = size }
                    : new TensorShapeProto.Types.Dimension { DimParam = "batch" });
            }
        }

        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensorType } };
    }
}
