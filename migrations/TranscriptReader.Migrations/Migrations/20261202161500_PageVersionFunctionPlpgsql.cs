using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TranscriptReader.Migrations.Migrations
{
    /// <summary>
    /// transcript_page_version in PL/pgSQL: as a SQL function its body was parsed and planned again in every
    /// statement that called it, which was most of what PostgreSQL spent on a cached transcript page (issue 18).
    /// </summary>
    public partial class PageVersionFunctionPlpgsql : Migration
    {
        /// <summary>Functions/transcript_page_version.sql as the PageVersionSlots migration applied it (a SQL function).</summary>
        internal const string TranscriptPageVersionAsApplied = """
                CREATE OR REPLACE FUNCTION transcript_page_version(transcript bigint) RETURNS bigint LANGUAGE sql STABLE
                    AS $$ SELECT t.page_version + coalesce((SELECT sum(s.version) FROM page_version_slots s WHERE s.transcript_id = t.id), 0)::bigint
                          FROM transcripts t WHERE t.id = transcript $$;
                """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlObjects.Read("Functions/transcript_page_version.sql", "0712ccbcf63ed240"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(TranscriptPageVersionAsApplied);
        }
    }
}
