using System.Net;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Taggings;
using TranscriptReader.Web.Tests.Support;
using static TranscriptReader.Web.Tests.Exports.ExportTestSupport;

namespace TranscriptReader.Web.Tests.Exports;

/// <summary>
/// The export preview follows the export API's rule (signed-in readers only; it showed reader names and quotes
/// to anyone), and a formula after leading white space or quotes is escaped in every CSV export (spreadsheets
/// skip those characters when deciding that a cell is a formula).
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ExportHardeningTests(AppFactory app) : IAsyncLifetime
{
    private static readonly string[] Hidden = [" =1+1", "\"=x\"", "'=x", "  @SUM(A1)", "\t =cmd", " \"+1\"", "\u00A0=1", "\u3000-2+3"];

    private ExportSeed seed = null!;

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        await using var db = app.CreateDbContext();
        seed = await ExportSeed.CreateAsync(db);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("/Export")]
    [InlineData("/Export?export=taggings")]
    [InlineData("/Export?export=pivot&key=is_free_tier_user")]
    // An empty reader box is sent as an empty value (bound as null).
    [InlineData("/Export?export=taggings&reader=&reader=+")]
    public async Task The_export_page_needs_a_signed_in_reader_like_the_export_api(string url)
    {
        var anonymous = await app.NewClient().Http.GetAsync(url);
        var signedIn = await (await SignedInClientAsync(app)).Http.GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/Account/Login", anonymous.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.DoesNotContain(seed.Users["bo"].UserName!, await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
    }

    [Fact]
    public async Task Formulas_after_white_space_or_quotes_are_escaped_in_every_csv_export()
    {
        long blockId;
        await using (var db = app.CreateDbContext())
        {
            var block = await db.Blocks.OrderBy(b => b.Id).FirstAsync(b => b.TranscriptId == seed.Transcripts["t5"].Id);
            blockId = block.Id;
            var transcript = await db.Transcripts.SingleAsync(t => t.Id == block.TranscriptId);
            transcript.Title = Hidden[0];
            transcript.MetadataJson = "{\"is_free_tier_user\": \"" + Hidden[1].Replace("\"", "\\\"", StringComparison.Ordinal) + "\"}";
            block.Text = string.Concat(Hidden.Select(h => h.PadRight(12)));
            await db.SaveChangesAsync();
            for (var i = 0; i < Hidden.Length; i++)
            {
                var label = ExportSeed.NewLabel(Hidden[i] + i);
                label.NormalizedName = Hidden[i] + i;
                db.Labels.Add(label);
                await db.SaveChangesAsync();
                db.Taggings.Add(new Tagging
                {
                    TranscriptId = block.TranscriptId, BlockId = block.Id, LabelId = label.Id, AppliedLabelName = label.Name,
                    UserId = seed.Users["bo"].Id, Start = 12 * i, End = 12 * i + Hidden[i].Length, Quote = Hidden[i],
                });
            }
            await db.SaveChangesAsync();
        }

        var client = await SignedInClientAsync(app);
        var taggings = await GetCsvAsync(client, "/api/v1/exports/taggings.csv");
        var onBlock = taggings.Rows.Where(r => r["block_id"] == blockId.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Hidden.Length, onBlock.Count);
        Assert.Equal(Hidden.Select(h => "'" + h).Order(StringComparer.Ordinal), onBlock.Select(r => r["quote"]).Order(StringComparer.Ordinal));
        var t5 = seed.Transcripts["t5"].Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.All(taggings.Rows.Where(r => r["transcript_id"] == t5), r => Assert.Equal("'" + Hidden[0], r["transcript_title"]));
        var counts = await GetCsvAsync(client, "/api/v1/exports/label-counts.csv");
        var perTranscript = await GetCsvAsync(client, "/api/v1/exports/label-transcripts.csv");
        var pivot = await GetCsvAsync(client, "/api/v1/exports/pivot.csv?key=is_free_tier_user");
        for (var i = 0; i < Hidden.Length; i++)
        {
            Assert.Contains(counts.Rows, r => r["label"] == "'" + Hidden[i] + i);
            Assert.Contains(perTranscript.Rows, r => r["label"] == "'" + Hidden[i] + i && r["title"] == "'" + Hidden[0]);
        }
        Assert.Contains(pivot.Rows, r => r["value"] == "'" + Hidden[1]);
        // Ordinary text and numbers are untouched.
        Assert.Contains(counts.Rows, r => r["label"] == "goal guarding");
    }
}
