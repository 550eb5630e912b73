using BenchmarkDotNet.Running;

// The engine's managed pixel kernels, each on the sizes one upload of the 1920x1280 bench photo gives them, with the
// bytes they allocate per call:
//   dotnet run -c Release --project benchmarks/FaceAspire.Kernels -- --filter '*'
// (BenchmarkDotNet's own options follow the --; `--job short` for a quick look.)
BenchmarkSwitcher.FromAssembly(typeof(FaceAspire.Kernels.PixelKernels).Assembly).Run(args);
