using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pvi.NdvMatching.Infrastructure.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RozeInBlauwCallTime : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "work_records",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    MemberId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    MemberUnit = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    SourceId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Minutes = table.Column<int>(type: "integer", nullable: false),
                    DoneAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_work_records", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_work_records_Kind_SourceId",
                table: "work_records",
                columns: new[] { "Kind", "SourceId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_work_records_MemberId_DoneAt",
                table: "work_records",
                columns: new[] { "MemberId", "DoneAt" });

            migrationBuilder.CreateIndex(
                name: "IX_work_records_MemberUnit_DoneAt",
                table: "work_records",
                columns: new[] { "MemberUnit", "DoneAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "work_records");
        }
    }
}
