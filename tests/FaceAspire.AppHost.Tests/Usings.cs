global using FaceAspire.Hosting;
global using FaceAspire.Hosting.ApplicationModel;
global using FaceAspire.Hosting.Orchestration;
global using Shouldly;
global using Xunit;
