using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FaceAspire.Api.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class AnalysisResultNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // An analysis that ends (succeeded or failed) or goes away with its photo notifies its photo id, so a client
            // waiting on GET /api/photos/{id}/analysis?wait=N (on any instance) is answered at once.
            migrationBuilder.Sql("""
                CREATE FUNCTION faceaspire_notify_analysis_result() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'DELETE' THEN
                        PERFORM pg_notify('faceaspire_analysis_results', OLD."PhotoId"::text);
                    ELSE
                        PERFORM pg_notify('faceaspire_analysis_results', NEW."PhotoId"::text);
                    END IF;
                    RETURN NULL;
                END $$;

                CREATE TRIGGER analysis_jobs_notify_ended
                    AFTER UPDATE OF "Status" ON analysis_jobs
                    FOR EACH ROW WHEN (NEW."Status" IN ('succeeded', 'failed') AND OLD."Status" IS DISTINCT FROM NEW."Status")
                    EXECUTE FUNCTION faceaspire_notify_analysis_result();

                CREATE TRIGGER analysis_jobs_notify_deleted
                    AFTER DELETE ON analysis_jobs
                    FOR EACH ROW EXECUTE FUNCTION faceaspire_notify_analysis_result();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER analysis_jobs_notify_deleted ON analysis_jobs;
                DROP TRIGGER analysis_jobs_notify_ended ON analysis_jobs;
                DROP FUNCTION faceaspire_notify_analysis_result();
                """);
        }
    }
}
