using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pvi.SocialAgenda.Infrastructure.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class InstrumentsWavesResponses : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "comments",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    WaveId = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    Unit = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    QuestionId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_comments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "instruments",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    Code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    State = table.Column<int>(type: "integer", nullable: false),
                    Questions = table.Column<string>(type: "text", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ClientRequestId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Fingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    PublishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Revision = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_instruments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "invitation_batches",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    WaveId = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    Unit = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false),
                    IssuedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ClientRequestId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    IssuedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_invitation_batches", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "invitations",
                columns: table => new
                {
                    TokenHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    WaveId = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    Unit = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_invitations", x => x.TokenHash);
                });

            migrationBuilder.CreateTable(
                name: "measures",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    Unit = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Owner = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    DueDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    ProgressPercent = table.Column<int>(type: "integer", nullable: false),
                    Theme = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    WaveId = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: true),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ClientRequestId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Fingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Revision = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_measures", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "pending_comments",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    WaveId = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    Unit = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    QuestionId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pending_comments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "pending_responses",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    WaveId = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    Unit = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Answers = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pending_responses", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "responses",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    WaveId = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    Unit = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Answers = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_responses", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "result_snapshots",
                columns: table => new
                {
                    WaveId = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    Unit = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Results = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_result_snapshots", x => new { x.WaveId, x.Unit });
                });

            migrationBuilder.CreateTable(
                name: "spent_invitations",
                columns: table => new
                {
                    TokenHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_spent_invitations", x => x.TokenHash);
                });

            migrationBuilder.CreateTable(
                name: "wave_units",
                columns: table => new
                {
                    WaveId = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    Unit = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Invited = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wave_units", x => new { x.WaveId, x.Unit });
                });

            migrationBuilder.CreateTable(
                name: "waves",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    InstrumentId = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    State = table.Column<int>(type: "integer", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ClientRequestId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Fingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    OpenedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ClosedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Responses = table.Column<int>(type: "integer", nullable: false),
                    ScoreThreshold = table.Column<int>(type: "integer", nullable: false),
                    CommentThreshold = table.Column<int>(type: "integer", nullable: false),
                    Revision = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_waves", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_comments_WaveId_Unit_Id",
                table: "comments",
                columns: new[] { "WaveId", "Unit", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_instruments_Code_Version",
                table: "instruments",
                columns: new[] { "Code", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_instruments_CreatedBy_ClientRequestId",
                table: "instruments",
                columns: new[] { "CreatedBy", "ClientRequestId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_invitation_batches_IssuedBy_ClientRequestId",
                table: "invitation_batches",
                columns: new[] { "IssuedBy", "ClientRequestId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_measures_CreatedBy_ClientRequestId",
                table: "measures",
                columns: new[] { "CreatedBy", "ClientRequestId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_measures_Unit_Id",
                table: "measures",
                columns: new[] { "Unit", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_pending_comments_WaveId_Unit",
                table: "pending_comments",
                columns: new[] { "WaveId", "Unit" });

            migrationBuilder.CreateIndex(
                name: "IX_pending_responses_WaveId_Unit",
                table: "pending_responses",
                columns: new[] { "WaveId", "Unit" });

            migrationBuilder.CreateIndex(
                name: "IX_responses_WaveId_Unit",
                table: "responses",
                columns: new[] { "WaveId", "Unit" });

            migrationBuilder.CreateIndex(
                name: "IX_waves_CreatedBy_ClientRequestId",
                table: "waves",
                columns: new[] { "CreatedBy", "ClientRequestId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_waves_Year",
                table: "waves",
                column: "Year",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "comments");

            migrationBuilder.DropTable(
                name: "instruments");

            migrationBuilder.DropTable(
                name: "invitation_batches");

            migrationBuilder.DropTable(
                name: "invitations");

            migrationBuilder.DropTable(
                name: "measures");

            migrationBuilder.DropTable(
                name: "pending_comments");

            migrationBuilder.DropTable(
                name: "pending_responses");

            migrationBuilder.DropTable(
                name: "responses");

            migrationBuilder.DropTable(
                name: "result_snapshots");

            migrationBuilder.DropTable(
                name: "spent_invitations");

            migrationBuilder.DropTable(
                name: "wave_units");

            migrationBuilder.DropTable(
                name: "waves");
        }
    }
}
