using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Pvi.PhoneOverflow.Infrastructure.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "call_steps",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CallId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Action = table.Column<int>(type: "integer", nullable: false),
                    TargetKind = table.Column<int>(type: "integer", nullable: false),
                    TargetId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Rsc = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Result = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_call_steps", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "calls",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CallerRegion = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    CallerNumber = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    Fingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    ArrivedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ArrivedWhileAllClosed = table.Column<bool>(type: "boolean", nullable: false),
                    Action = table.Column<int>(type: "integer", nullable: false),
                    TargetKind = table.Column<int>(type: "integer", nullable: false),
                    TargetId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Rsc = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    RingingSince = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    QueuePosition = table.Column<int>(type: "integer", nullable: false),
                    EstimatedWaitSeconds = table.Column<int>(type: "integer", nullable: false),
                    AnsweredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    WaitEndedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    AnsweredByKind = table.Column<int>(type: "integer", nullable: false),
                    AnsweredById = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    AnsweredRsc = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    EndedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Outcome = table.Column<int>(type: "integer", nullable: false),
                    OutcomeNote = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_calls", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "dead_letters",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MessageId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    EventType = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Data = table.Column<string>(type: "text", nullable: false),
                    Reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    DeadLetteredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ReplayedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dead_letters", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "duty_members",
                columns: table => new
                {
                    MemberId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    HomeUnit = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    IsRozeInBlauw = table.Column<bool>(type: "boolean", nullable: false),
                    ConsentActive = table.Column<bool>(type: "boolean", nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    OnDuty = table.Column<bool>(type: "boolean", nullable: false),
                    OnDutySince = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CurrentCallId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    LastCallEndedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_duty_members", x => x.MemberId);
                });

            migrationBuilder.CreateTable(
                name: "forwarded_calls",
                columns: table => new
                {
                    Rsc = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Position = table.Column<long>(type: "bigint", nullable: false),
                    CallId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    OperatorId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    QueuePosition = table.Column<int>(type: "integer", nullable: false),
                    ForwardedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CallerRegion = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_forwarded_calls", x => new { x.Rsc, x.Position });
                });

            migrationBuilder.CreateTable(
                name: "handler_attempts",
                columns: table => new
                {
                    MessageId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Handler = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    LastError = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    LastAttemptAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_handler_attempts", x => new { x.MessageId, x.Handler });
                });

            migrationBuilder.CreateTable(
                name: "operators",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Rsc = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    SignedIn = table.Column<bool>(type: "boolean", nullable: false),
                    SignedInAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LgbtiqTrained = table.Column<bool>(type: "boolean", nullable: false),
                    CurrentCallId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    LastCallEndedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_operators", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    EventId = table.Column<Guid>(type: "uuid", nullable: false),
                    Topic = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    EventType = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CloudEvent = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NextAttemptAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    PublishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox_messages", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "processed_messages",
                columns: table => new
                {
                    MessageId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Handler = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ProcessedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_processed_messages", x => new { x.MessageId, x.Handler });
                });

            migrationBuilder.CreateTable(
                name: "regional_service_centres",
                columns: table => new
                {
                    Code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Unit = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ServedUnits = table.Column<List<string>>(type: "text[]", nullable: false),
                    ForwardSequence = table.Column<long>(type: "bigint", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_regional_service_centres", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "units",
                columns: table => new
                {
                    Code = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_units", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "rsc_opening_exceptions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Closed = table.Column<bool>(type: "boolean", nullable: false),
                    OpensMinute = table.Column<int>(type: "integer", nullable: false),
                    ClosesMinute = table.Column<int>(type: "integer", nullable: false),
                    RscCode = table.Column<string>(type: "character varying(64)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rsc_opening_exceptions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_rsc_opening_exceptions_regional_service_centres_RscCode",
                        column: x => x.RscCode,
                        principalTable: "regional_service_centres",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "rsc_opening_hours",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Weekday = table.Column<int>(type: "integer", nullable: false),
                    OpensMinute = table.Column<int>(type: "integer", nullable: false),
                    ClosesMinute = table.Column<int>(type: "integer", nullable: false),
                    RscCode = table.Column<string>(type: "character varying(64)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rsc_opening_hours", x => x.Id);
                    table.ForeignKey(
                        name: "FK_rsc_opening_hours_regional_service_centres_RscCode",
                        column: x => x.RscCode,
                        principalTable: "regional_service_centres",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_call_steps_CallId_Id",
                table: "call_steps",
                columns: new[] { "CallId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_calls_ArrivedAt",
                table: "calls",
                column: "ArrivedAt");

            migrationBuilder.CreateIndex(
                name: "IX_calls_Status_ArrivedAt",
                table: "calls",
                columns: new[] { "Status", "ArrivedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_dead_letters_DeadLetteredAt",
                table: "dead_letters",
                column: "DeadLetteredAt");

            migrationBuilder.CreateIndex(
                name: "IX_forwarded_calls_CallId",
                table: "forwarded_calls",
                column: "CallId");

            migrationBuilder.CreateIndex(
                name: "IX_operators_Rsc_SignedIn",
                table: "operators",
                columns: new[] { "Rsc", "SignedIn" });

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_EventId",
                table: "outbox_messages",
                column: "EventId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_PublishedAt_Sequence",
                table: "outbox_messages",
                columns: new[] { "PublishedAt", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_processed_messages_ProcessedAt",
                table: "processed_messages",
                column: "ProcessedAt");

            migrationBuilder.CreateIndex(
                name: "IX_rsc_opening_exceptions_RscCode",
                table: "rsc_opening_exceptions",
                column: "RscCode");

            migrationBuilder.CreateIndex(
                name: "IX_rsc_opening_hours_RscCode",
                table: "rsc_opening_hours",
                column: "RscCode");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "call_steps");

            migrationBuilder.DropTable(
                name: "calls");

            migrationBuilder.DropTable(
                name: "dead_letters");

            migrationBuilder.DropTable(
                name: "duty_members");

            migrationBuilder.DropTable(
                name: "forwarded_calls");

            migrationBuilder.DropTable(
                name: "handler_attempts");

            migrationBuilder.DropTable(
                name: "operators");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "processed_messages");

            migrationBuilder.DropTable(
                name: "rsc_opening_exceptions");

            migrationBuilder.DropTable(
                name: "rsc_opening_hours");

            migrationBuilder.DropTable(
                name: "units");

            migrationBuilder.DropTable(
                name: "regional_service_centres");
        }
    }
}
