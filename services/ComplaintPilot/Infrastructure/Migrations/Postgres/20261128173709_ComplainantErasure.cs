using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pvi.ComplaintPilot.Infrastructure.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ComplainantErasure : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "ComplainantErasedAt",
                table: "complaints",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ComplainantErasedAt",
                table: "complaints");
        }
    }
}
