namespace FaceAspire.ServiceDefaults;

/// <summary>
/// Names of the resources the AppHost starts. Services resolve each other through these names
/// (<c>ConnectionStrings__{name}</c>, <c>services__{name}__http__0</c>, <c>http://{name}</c>), so the
/// AppHost and the services share this one list.
/// </summary>
public static class ResourceNames
{
    /// <summary>The PostgreSQL server resource.</summary>
    public const string Postgres = "postgres";

    /// <summary>The application database (connection string <c>ConnectionStrings__facedb</c>).</summary>
    public const string Database = "facedb";

    /// <summary>The HTTP API.</summary>
    public const string Api = "api";

    /// <summary>The web front end (serves the Vue app and proxies <c>/api</c>).</summary>
    public const string Web = "web";

    /// <summary>The low-confidence alert function.</summary>
    public const string AlertFunction = "alertfunction";

    /// <summary>The local SMTP server with a web inbox.</summary>
    public const string Mail = "mail";

    /// <summary>The one-shot migration step that runs before the API serves.</summary>
    public const string Migrations = "migrations";
}
