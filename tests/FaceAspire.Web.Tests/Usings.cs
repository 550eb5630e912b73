namespace FaceAspire.Web.Tests;
