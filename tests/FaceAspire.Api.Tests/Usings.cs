namespace FaceAspire.Api.Tests;
