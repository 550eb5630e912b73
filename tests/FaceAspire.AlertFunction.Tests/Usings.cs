global using FaceAspire.AlertFunction.Tests.Support;
global using Shouldly;
global using Xunit;
