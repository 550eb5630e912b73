namespace FaceAspire.Vision.Tests;
