namespace FaceAspire.TestSupport;

/// <summary>Paths of the programs the tests run from the repository's npm packages.</summary>
public static class NodePackages
{
    /// <summary>Relative path of MailDev's script inside <c>node_modules</c>.</summary>
    public const string MailDevScript = "maildev/dist/bin/maildev.js";
}
