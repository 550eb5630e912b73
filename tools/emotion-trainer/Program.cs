using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FaceAspire.EmotionTrainer;

// Trains the emotion network on the cached training crops; see TrainerSettings for every setting and docs/MODELS.md.
var settings = TrainerSettings.Parse(args);
Console.WriteLine("Settings: " + JsonSerializer.Serialize(settings, TrainerSettings.JsonOptions));
var started = Stopwatch.GetTimestamp();
var data = CropSet.Load(settings.Crops, settings.SplitSeed, settings.HoldoutShare);
Console.WriteLine(string.Create(
    CultureInfo.InvariantCulture,
    $"Crops: {data.TrainCount} training, {data.HoldoutCount} held out (split seed {settings.SplitSeed}), {data.Dropped} without a face dropped; class counts {string.Join(", ", data.ClassCounts)}"));
using var trainer = new Trainer(settings, data);
trainer.Run();
Exporter.Export(settings, data, trainer);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Done in {Stopwatch.GetElapsedTime(started).TotalMinutes:0.0} min"));
