using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pvi.PhoneOverflow.Infrastructure.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RscStreamPositionToken : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
