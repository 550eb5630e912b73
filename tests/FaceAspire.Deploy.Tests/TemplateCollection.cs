namespace FaceAspire.Deploy.Tests;

/// <summary>All template tests share one run of <c>deploy/synth</c>.</summary>
[CollectionDefinition(Name)]
public sealed class TemplateCollection : ICollectionFixture<SynthesizedTemplates>
{
    public const string Name = "Synthesized templates";
}
