namespace FaceAspire.AppHost.Tests;
