using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FaceAspire.Api.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class AccountNotices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "RegistrationNoticeAt",
                table: "users",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AlterColumn<Guid>(
                name: "ReviewId",
                table: "alert_outbox",
                type: "uuid",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "uuid");

            migrationBuilder.AlterColumn<Guid>(
                name: "PhotoId",
                table: "alert_outbox",
                type: "uuid",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "uuid");

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "alert_outbox",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "review-alert");

            migrationBuilder.AddColumn<Guid>(
                name: "UserId",
                table: "alert_outbox",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_alert_outbox_UserId",
                table: "alert_outbox",
                column: "UserId");

            migrationBuilder.AddCheckConstraint(
                name: "CK_alert_outbox_kind",
                table: "alert_outbox",
                sql: "(\"Kind\" = 'review-alert' AND \"ReviewId\" IS NOT NULL AND \"PhotoId\" IS NOT NULL) OR (\"Kind\" IN ('welcome', 'registration-attempt') AND \"UserId\" IS NOT NULL)");

            migrationBuilder.AddForeignKey(
                name: "FK_alert_outbox_users_UserId",
                table: "alert_outbox",
                column: "UserId",
                principalTable: "users",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_alert_outbox_users_UserId",
                table: "alert_outbox");

            migrationBuilder.DropIndex(
                name: "IX_alert_outbox_UserId",
                table: "alert_outbox");

            migrationBuilder.DropCheckConstraint(
                name: "CK_alert_outbox_kind",
                table: "alert_outbox");

            migrationBuilder.DropColumn(
                name: "RegistrationNoticeAt",
                table: "users");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "alert_outbox");

            migrationBuilder.DropColumn(
                name: "UserId",
                table: "alert_outbox");

            migrationBuilder.AlterColumn<Guid>(
                name: "ReviewId",
                table: "alert_outbox",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "uuid",
                oldNullable: true);

            migrationBuilder.AlterColumn<Guid>(
                name: "PhotoId",
                table: "alert_outbox",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "uuid",
                oldNullable: true);
        }
    }
}
