namespace FaceAspire.Deploy.Tests;

/// <summary>The command line of deploy/synth and the context values, without synthesising.</summary>
public sealed class DeploySettingsTests
{
    [Fact]
    public void Arguments_are_an_output_folder_and_context_pairs()
    {
        var (outdir, context) = SynthArguments.Parse(["out", "-c", "instanceType=c7i.large", "--context", "adminEmails=a@example.com,b@example.com"]);
        outdir.ShouldBe("out");
        context.ShouldBe(new Dictionary<string, object> { ["instanceType"] = "c7i.large", ["adminEmails"] = "a@example.com,b@example.com" });
        Should.Throw<ArgumentException>(() => SynthArguments.Parse([])).Message.ShouldContain("Usage: deploy/synth OUTDIR");
        Should.Throw<ArgumentException>(() => SynthArguments.Parse(["out", "-c", "novalue"])).Message.ShouldContain("key=value");
    }

    [Theory]
    [InlineData("t4g.medium", "arm64")]
    [InlineData("c7g.xlarge", "arm64")]
    [InlineData("m7i.large", "x64")]
    [InlineData("t3.medium", "x64")]
    [InlineData("g5.xlarge", "x64")]
    public void Architecture_follows_the_instance_family(string instanceType, string architecture) =>
        new DeploySettings(instanceType, 2, 6, "t4g.small", 20, 2, []).Architecture.ShouldBe(architecture);
}
