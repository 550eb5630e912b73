using FaceAspire.Hosting;

var dir = Path.Combine(Path.GetTempPath(), "pgprobe-" + Guid.NewGuid().ToString("N"));
await using var pg = await LocalPostgresServer.StartAsync(dir);
await pg.EnsureDatabaseAsync("facedb");
Console.WriteLine($"ok {pg.ConnectionString("facedb")}");
