using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pvi.ComplaintPilot.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class NdvRepresentative : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "NdvRequestId",
                table: "complaints",
                type: "TEXT",
                maxLength: 36,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "NdvRequestPending",
                table: "complaints",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "IX_complaints_NdvRequestId",
                table: "complaints",
                column: "NdvRequestId");

            migrationBuilder.CreateIndex(
                name: "IX_complaints_NdvRequestPending",
                table: "complaints",
                column: "NdvRequestPending");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_complaints_NdvRequestId",
                table: "complaints");

            migrationBuilder.DropIndex(
                name: "IX_complaints_NdvRequestPending",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "NdvRequestId",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "NdvRequestPending",
                table: "complaints");
        }
    }
}
