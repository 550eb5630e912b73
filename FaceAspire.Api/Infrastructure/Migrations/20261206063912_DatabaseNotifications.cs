using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FaceAspire.Api.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class DatabaseNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Every instance LISTENs to these channels (DatabaseNotifications): a pending job wakes every instance's
            // workers, and a changed refresh token drops its session from every instance's ActiveSessionCache.
            // Notifications are sent at commit, once per distinct payload and transaction.
            migrationBuilder.Sql("""
                CREATE FUNCTION faceaspire_notify_analysis_job() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('faceaspire_analysis_jobs', '');
                    RETURN NULL;
                END $$;

                CREATE TRIGGER analysis_jobs_notify_pending
                    AFTER INSERT OR UPDATE OF "Status", "AvailableAt" ON analysis_jobs
                    FOR EACH ROW WHEN (NEW."Status" = 'pending')
                    EXECUTE FUNCTION faceaspire_notify_analysis_job();

                CREATE FUNCTION faceaspire_notify_session() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'TRUNCATE' THEN
                        PERFORM pg_notify('faceaspire_sessions', 'all');
                    ELSIF TG_OP = 'DELETE' THEN
                        PERFORM pg_notify('faceaspire_sessions', OLD."FamilyId"::text);
                    ELSE
                        PERFORM pg_notify('faceaspire_sessions', NEW."FamilyId"::text);
                    END IF;
                    RETURN NULL;
                END $$;

                CREATE TRIGGER refresh_tokens_notify_changed
                    AFTER UPDATE OF "RevokedAt", "ExpiresAt", "FamilyId" ON refresh_tokens
                    FOR EACH ROW WHEN (OLD."RevokedAt" IS DISTINCT FROM NEW."RevokedAt"
                        OR OLD."ExpiresAt" IS DISTINCT FROM NEW."ExpiresAt" OR OLD."FamilyId" IS DISTINCT FROM NEW."FamilyId")
                    EXECUTE FUNCTION faceaspire_notify_session();

                CREATE TRIGGER refresh_tokens_notify_deleted
                    AFTER DELETE ON refresh_tokens
                    FOR EACH ROW EXECUTE FUNCTION faceaspire_notify_session();

                CREATE TRIGGER refresh_tokens_notify_truncated
                    AFTER TRUNCATE ON refresh_tokens
                    FOR EACH STATEMENT EXECUTE FUNCTION faceaspire_notify_session();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER refresh_tokens_notify_truncated ON refresh_tokens;
                DROP TRIGGER refresh_tokens_notify_deleted ON refresh_tokens;
                DROP TRIGGER refresh_tokens_notify_changed ON refresh_tokens;
                DROP FUNCTION faceaspire_notify_session();
                DROP TRIGGER analysis_jobs_notify_pending ON analysis_jobs;
                DROP FUNCTION faceaspire_notify_analysis_job();
                """);
        }
    }
}
