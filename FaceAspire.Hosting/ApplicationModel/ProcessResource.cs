namespace FaceAspire.Hosting.ApplicationModel;

/// <summary>
/// A resource that runs as an operating-system process: a .NET project or an executable such as Node.
/// </summary>
public abstract class ProcessResource(string name) : Resource(name)
{
    private readonly List<string> _arguments = [];
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);

    /// <summary>Arguments given after the command's own (e.g. <c>migrate</c>).</summary>
    public IReadOnlyList<string> Arguments => _arguments;

    /// <summary>Variables set explicitly with <c>WithEnvironment</c>; they win over computed ones.</summary>
    public IReadOnlyDictionary<string, string> Environment => _environment;

    /// <summary>The HTTP endpoint, if the process serves one.</summary>
    public HttpEndpoint? HttpEndpoint { get; internal set; }

    /// <summary>Path polled on <see cref="HttpEndpoint"/> until it answers 2xx; null means "ready once started".</summary>
    public string? HealthCheckPath { get; internal set; }

    /// <summary>Folder the process starts in.</summary>
    public abstract string WorkingDirectory { get; }

    /// <summary>The program and its leading arguments, before <see cref="Arguments"/>.</summary>
    public abstract (string FileName, IReadOnlyList<string> Arguments) GetCommand();

    /// <summary>Whether the process is an ASP.NET Core app that reads <c>ASPNETCORE_*</c> variables.</summary>
    public virtual bool IsAspNetCore => false;

    internal void AddArguments(IEnumerable<string> arguments) => _arguments.AddRange(arguments);

    internal void SetEnvironment(string name, string value) => _environment[name] = value;
}

/// <summary>Where a .NET project lives and where its build puts the entry assembly.</summary>
public interface IProjectMetadata
{
    /// <summary>Full path of the <c>.csproj</c>.</summary>
    string ProjectPath { get; }

    /// <summary>Full path of the built entry assembly (<c>.dll</c>).</summary>
    string TargetPath { get; }
}

/// <summary>
/// A .NET project, run from its built assembly with <c>dotnet &lt;dll&gt;</c> (the AppHost builds it first);
/// when the assembly is missing it falls back to <c>dotnet run --no-build --project</c>, which then explains
/// what is missing.
/// </summary>
public sealed class ProjectResource(string name, IProjectMetadata project) : ProcessResource(name)
{
    /// <summary>The project.</summary>
    public IProjectMetadata Project { get; } = project;

    public override string WorkingDirectory => Path.GetDirectoryName(Project.ProjectPath)!;

    public override bool IsAspNetCore => true;

    public override (string FileName, IReadOnlyList<string> Arguments) GetCommand() =>
        File.Exists(Project.TargetPath)
            ? ("dotnet", [Project.TargetPath])
            : ("dotnet", ["run", "--no-build", "--no-launch-profile", "--project", Project.ProjectPath, "--"]);
}

/// <summary>Any program on the PATH or at a path, e.g. <c>node</c> running a script from <c>node_modules</c>.</summary>
public sealed class ExecutableResource(string name, string command, string workingDirectory) : ProcessResource(name)
{
    /// <summary>The program.</summary>
    public string Command { get; } = command;

    public override string WorkingDirectory { get; } = workingDirectory;

    public override (string FileName, IReadOnlyList<string> Arguments) GetCommand() => (Command, []);
}
