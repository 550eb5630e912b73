using System.CommandLine;
using FaceAspire.Cli.Commands;
using FaceAspire.Vision.Models;
using FaceAspire.Vision.Pipeline;

// One provider per process: it finds the npm models and the ONNX cache once (see docs/MODELS.md).
var models = new TfjsOnnxModelProvider();
FaceAnalyzer CreateAnalyzer(FaceAnalyzerOptions options) => new(models, options);

var root = new RootCommand("FaceAspire face engine: detect, describe and compare faces in photos.")
{
    DetectFacesCommand.Create(CreateAnalyzer),
    CompareFacesCommand.Create(CreateAnalyzer),
    EvaluateCommand.Create(CreateAnalyzer),
    BenchCommand.Create(CreateAnalyzer),
    TrainHeadsCommand.Create(CreateAnalyzer),
    TrainEyeModelCommand.Create(CreateAnalyzer),
    TrainEmotionCommand.Create(CreateAnalyzer),
};
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
