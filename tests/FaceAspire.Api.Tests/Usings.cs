global using System.Net;
global using System.Net.Http.Json;
global using FaceAspire.Api.Tests.Support;
global using Shouldly;
global using Xunit;

// One PostgreSQL database is shared and reset between tests, so tests run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
[assembly: AssemblyFixture(typeof(PostgresFixture))]

namespace FaceAspire.Api.Tests;
