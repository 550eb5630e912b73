using FaceAspire.Vision.Protos.Onnx;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;

namespace FaceAspire.Vision.ModelImport;

/// <summary>
/// Declares the output shapes of an imported model. TensorFlow.js graphs do not all carry output shapes, and
/// consumers pick outputs by size, so the model is run once on zeros and the shapes it produces are written
/// back. A free batch dimension is probed with batch 2: outputs whose first size follows it become "batch";
/// a graph that only runs with batch 1 (a reshape constant fixes it) gets batch 1 declared on its input too.
/// </summary>
internal static class OutputShapeProbe
{
    public static void DeclareShapes(ModelProto model)
    {
        var input = model.Graph.Input.Single().Type.TensorType.Shape.Dim;
        var freeBatch = input.Count > 0 && input[0].ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam;
        if (input.Any(d => d.ValueCase != TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue && d != input[0]))
        {
            throw new NotSupportedException("Output shapes can only be probed for inputs whose sizes, batch aside, are fixed.");
        }

        if (freeBatch && TryRun(model, 2) is { } batched)
        {
            Declare(model, batched, batchSize: 2);
            return;
        }

        var single = TryRun(model, 1) ?? throw new InvalidOperationException($"Imported model '{model.Graph.Name}' does not run in ONNX Runtime.");
        if (freeBatch)
        {
            input[0] = new TensorShapeProto.Types.Dimension { DimValue = 1 };
        }

        Declare(model, single, batchSize: null);
    }

    private static long[][]? TryRun(ModelProto model, long batch)
    {
        var inputInfo = model.Graph.Input.Single();
        var shape = inputInfo.Type.TensorType.Shape.Dim.Select((d, i) => i == 0 && d.DimValue == 0 ? batch : d.DimValue).ToArray();
        try
        {
            using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL, IntraOpNumThreads = 1 };
            using var session = new InferenceSession(model.ToByteArray(), options);
            var data = new float[shape.Aggregate(1L, (a, b) => a * b)];
            using var value = OrtValue.CreateTensorValueFromMemory(data, shape);
            using var runOptions = new RunOptions();
            var names = model.Graph.Output.Select(o => o.Name).ToArray();
            using var outputs = session.Run(runOptions, [inputInfo.Name], [value], names);
            return outputs.Select(o => o.GetTensorTypeAndShape().Shape).ToArray();
        }
        catch (OnnxRuntimeException)
        {
            return null;
        }
    }

    private static void Declare(ModelProto model, long[][] shapes, long? batchSize)
    {
        for (var i = 0; i < shapes.Length; i++)
        {
            var shape = new TensorShapeProto();
            for (var axis = 0; axis < shapes[i].Length; axis++)
            {
                shape.Dim.Add(axis == 0 && shapes[i][axis] == batchSize
                    ? new TensorShapeProto.Types.Dimension { DimParam = "batch" }
                    : new TensorShapeProto.Types.Dimension { DimValue = shapes[i][axis] });
            }

            model.Graph.Output[i].Type.TensorType.Shape = shape;
        }
    }
}
