global using Shouldly;
global using Xunit;
namespace FaceAspire.Vision.Tests;
