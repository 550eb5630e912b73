using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FaceAspire.Api.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class FaceEmbeddingsAndPeople : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "Embedding",
                table: "photo_faces",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "PersonId",
                table: "photo_faces",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "PersonLocked",
                table: "photo_faces",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "face_owner_states",
                columns: table => new
                {
                    OwnerId = table.Column<Guid>(type: "uuid", nullable: false),
                    RecognitionEnabled = table.Column<bool>(type: "boolean", nullable: false, defaultValue: true),
                    IndexVersion = table.Column<long>(type: "bigint", nullable: false),
                    ClusteredVersion = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_face_owner_states", x => x.OwnerId);
                    table.ForeignKey(
                        name: "FK_face_owner_states_users_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "people",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OwnerId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_people", x => x.Id);
                    table.ForeignKey(
                        name: "FK_people_users_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_photo_faces_PersonId",
                table: "photo_faces",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_people_OwnerId",
                table: "people",
                column: "OwnerId");

            migrationBuilder.AddForeignKey(
                name: "FK_photo_faces_people_PersonId",
                table: "photo_faces",
                column: "PersonId",
                principalTable: "people",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);

            // Every change to an owner's set of face descriptors moves the owner's index version on, in the same
            // transaction, whichever path made it (analysis, photo deletion and its cascade, the privacy switch), so
            // each API instance can tell with one read that its in-memory index is stale. A photo deleted with its
            // owner (account deletion) has no owner left to track.
            migrationBuilder.Sql("""
                CREATE FUNCTION face_index_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    owner uuid;
                BEGIN
                    IF TG_TABLE_NAME = 'photos' THEN
                        owner := OLD."OwnerId";
                    ELSIF TG_OP = 'DELETE' THEN
                        SELECT p."OwnerId" INTO owner FROM photos AS p WHERE p."Id" = OLD."PhotoId";
                    ELSE
                        SELECT p."OwnerId" INTO owner FROM photos AS p WHERE p."Id" = NEW."PhotoId";
                    END IF;
                    IF owner IS NOT NULL AND EXISTS (SELECT 1 FROM users AS u WHERE u."Id" = owner) THEN
                        INSERT INTO face_owner_states ("OwnerId", "RecognitionEnabled", "IndexVersion", "ClusteredVersion")
                        VALUES (owner, TRUE, 1, 0)
                        ON CONFLICT ("OwnerId") DO UPDATE SET "IndexVersion" = face_owner_states."IndexVersion" + 1;
                    END IF;
                    RETURN NULL;
                END
                $$;
                CREATE TRIGGER photo_faces_index_changed
                    AFTER INSERT OR DELETE OR UPDATE OF "Embedding" ON photo_faces
                    FOR EACH ROW EXECUTE FUNCTION face_index_changed();
                CREATE TRIGGER photos_index_changed
                    AFTER DELETE ON photos
                    FOR EACH ROW EXECUTE FUNCTION face_index_changed();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER photos_index_changed ON photos;
                DROP TRIGGER photo_faces_index_changed ON photo_faces;
                DROP FUNCTION face_index_changed();
                """);

            migrationBuilder.DropForeignKey(
                name: "FK_photo_faces_people_PersonId",
                table: "photo_faces");

            migrationBuilder.DropTable(
                name: "face_owner_states");

            migrationBuilder.DropTable(
                name: "people");

            migrationBuilder.DropIndex(
                name: "IX_photo_faces_PersonId",
                table: "photo_faces");

            migrationBuilder.DropColumn(
                name: "Embedding",
                table: "photo_faces");

            migrationBuilder.DropColumn(
                name: "PersonId",
                table: "photo_faces");

            migrationBuilder.DropColumn(
                name: "PersonLocked",
                table: "photo_faces");
        }
    }
}
