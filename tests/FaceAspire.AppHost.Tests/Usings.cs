global using FaceAspire.Hosting;
global using FaceAspire.Hosting.ApplicationModel;
global using FaceAspire.Hosting.Orchestration;
global using Shouldly;
global using Xunit;

// The hosting pieces drive Unix processes, signals and /proc; the tests run on Linux.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
