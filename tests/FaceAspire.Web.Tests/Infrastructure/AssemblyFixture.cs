using FaceAspire.Web.Tests.Infrastructure;

// One stack (database, API, web, browser) for the whole run: starting it costs far more than any test.
[assembly: AssemblyFixture(typeof(AppStack))]
