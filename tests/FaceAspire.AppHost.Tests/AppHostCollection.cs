namespace FaceAspire.AppHost.Tests;

/// <summary>
/// The tests that start the whole application run one after another: each takes both cores of a small machine for a
/// while, and each checks that it leaves no process behind, which a neighbour's processes would muddle.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AppHostCollection
{
    public const string Name = "AppHost";
}
