namespace FaceAspire.Deploy;

/// <summary>The command line of <c>deploy/synth</c>: an output folder and any number of <c>-c key=value</c> context values.</summary>
public static class SynthArguments
{
    public static (string Outdir, Dictionary<string, object> Context) Parse(IReadOnlyList<string> args)
    {
        string? outdir = null;
        var context = new Dictionary<string, object>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] is "-c" or "--context")
            {
                var pair = i + 1 < args.Count ? args[++i] : "";
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    throw new ArgumentException($"A context value is written key=value, not '{pair}'.");
                }

                context[pair[..equals]] = pair[(equals + 1)..];
            }
            else if (outdir is null)
            {
                outdir = args[i];
            }
            else
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'. Usage: deploy/synth OUTDIR [-c key=value]...");
            }
        }

        return (outdir ?? throw new ArgumentException("Usage: deploy/synth OUTDIR [-c key=value]..."), context);
    }
}
