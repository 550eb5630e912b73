namespace FaceAspire.AppHost.Tests.Support;

/// <summary>A thread-safe capture of everything the orchestrator writes.</summary>
internal sealed class CapturedOutput : StringWriter
{
    private readonly Lock _gate = new();

    public override void WriteLine(string? value)
    {
        lock (_gate)
        {
            base.WriteLine(value);
        }
    }

    public string[] Lines()
    {
        lock (_gate)
        {
            return ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
    }
}
