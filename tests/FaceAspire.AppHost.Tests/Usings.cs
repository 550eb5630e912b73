global using Shouldly;
global using Xunit;

// The tests drive Unix processes, signals and /proc; they run on Linux.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
