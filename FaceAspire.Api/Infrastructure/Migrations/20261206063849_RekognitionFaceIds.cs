using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FaceAspire.Api.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class RekognitionFaceIds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "RekognitionFaceId",
                table: "photo_faces",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_photo_faces_RekognitionFaceId",
                table: "photo_faces",
                column: "RekognitionFaceId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_photo_faces_RekognitionFaceId",
                table: "photo_faces");

            migrationBuilder.DropColumn(
                name: "RekognitionFaceId",
                table: "photo_faces");
        }
    }
}
