using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Importing;
using TranscriptReader.Core.Importing.Recipes;
using TranscriptReader.Core.Transcripts;
using TranscriptReader.Testing;

namespace TranscriptReader.Core.Tests.Importing;

/// <summary>ImportService on real PostgreSQL: events per transcript, cancellation between transcripts, images stored once.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class ImportStorageTests(TestDatabase database) : IAsyncLifetime
{
    private static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 1, 2, 3];

    public Task InitializeAsync() => database.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static ImportService Service(AppDbContext db) =>
        new(db, TimeProvider.System, NullLogger<ImportService>.Instance, Options.Create(new ImportSettings()));

    private static ImportFile Jsonl(string name, int records) => new(name, Encoding.UTF8.GetBytes(string.Join("\n", Enumerable.Range(1, records).Select(i =>
        $$"""{"messages": [{"role": "user", "content": "Question {{i}} of {{name}}"}, {"role": "assistant", "content": "Answer {{i}}"}]}"""))));

    [Fact]
    public async Task Each_transcript_is_reported_between_its_files_parse_and_its_result()
    {
        await using var db = database.CreateContext();
        var events = new List<ImportEvent>();

        await foreach (var e in Service(db).ImportAsync(new ImportRequest([Jsonl("a.jsonl", 3), new ImportFile("bad.json", "{"u8.ToArray())], null, null, null)))
        {
            events.Add(e);
        }

        Assert.Equal(["parsed a.jsonl 3", "stored a.jsonl 1/3", "stored a.jsonl 2/3", "stored a.jsonl 3/3", "finished a.jsonl", "finished bad.json"],
            events.Select(e => e switch
            {
                FileParsed p => $"parsed {p.FileName} {p.Transcripts}",
                TranscriptStored s => $"stored {s.FileName} {s.Done}/{s.Total}",
                FileFinished f => $"finished {f.Result.FileName}",
                _ => "?",
            }));
        var stored = events.OfType<TranscriptStored>().ToList();
        Assert.Equal(stored.Select(s => s.Id!.Value), events.OfType<FileFinished>().First().Result.TranscriptIds);
        Assert.All(stored, s => Assert.False(string.IsNullOrEmpty(s.Title)));
    }

    [Fact]
    public async Task Cancelling_stops_before_the_next_transcript_and_keeps_those_stored_whole()
    {
        await using var db = database.CreateContext();
        using var cancel = new CancellationTokenSource();
        var seen = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var e in Service(db).ImportAsync(new ImportRequest([Jsonl("big.jsonl", 50)], null, null, null), cancel.Token))
            {
                if (e is TranscriptStored && ++seen == 5)
                {
                    cancel.Cancel();
                }
            }
        });

        await using var read = database.CreateContext();
        Assert.Equal(5, await read.Transcripts.CountAsync());
        Assert.All(await read.Transcripts.Select(t => t.Messages.Count).ToListAsync(), count => Assert.Equal(2, count));
    }

    [Fact]
    public async Task An_image_is_stored_once_by_its_hash_and_its_blocks_point_at_it()
    {
        var uri = $"data:image/png;base64,{Convert.ToBase64String(Png)}";
        string Chat(string question) => $$$"""
            {"messages": [{"role": "user", "content": [{"type": "text", "text": "{{{question}}}"}, {"type": "image_url", "image_url": {"url": "{{{uri}}}"}}]},
                          {"role": "assistant", "content": "A small picture."}]}
            """;
        await using var db = database.CreateContext();

        var summary = await Service(db).ImportAllAsync(new ImportRequest(
            [new ImportFile("one.json", Encoding.UTF8.GetBytes(Chat("What is this?"))), new ImportFile("two.json", Encoding.UTF8.GetBytes(Chat("And this?")))],
            null, null, null));

        Assert.Equal(2, summary.Imported);
        await using var read = database.CreateContext();
        var image = await read.Images.SingleAsync();
        Assert.Equal("image/png", image.MediaType);
        Assert.Equal(Png, image.Bytes);
        var blocks = await read.Blocks.Where(b => b.Kind == BlockKinds.Image).ToListAsync();
        Assert.Equal(2, blocks.Count);
        Assert.All(blocks, b => Assert.Equal(image.Sha256, b.ImageSha256));
        Assert.Empty(await read.Blocks.Where(b => b.Kind != BlockKinds.Image && b.ImageSha256 != null).ToListAsync());
    }

    [Fact]
    public async Task A_recipe_in_the_request_reads_the_files_with_it()
    {
        var recipe = RecipeJson.Read("""{"transcript": {"each": "entry", "path": "results", "keyAs": "condition"}, "user": "q", "response": "@"}""").Value;
        var file = new ImportFile("runs.json", """[{"q": "Why?", "results": {"a": "Because.", "b": "No reason."}}]"""u8.ToArray());
        await using var db = database.CreateContext();

        var summary = await Service(db).ImportAllAsync(new ImportRequest([file], null, null, null, Recipe: recipe));

        Assert.Equal(2, summary.Imported);
        await using var read = database.CreateContext();
        Assert.Equal(["recipe", "recipe"], await read.Transcripts.Select(t => t.Format).ToListAsync());
    }

    [Fact]
    public async Task A_file_no_format_fits_says_so_so_a_field_mapping_can_be_offered()
    {
        await using var db = database.CreateContext();

        var summary = await Service(db).ImportAllAsync(new ImportRequest(
            [new ImportFile("results.json", """[{"id": 1, "completion": "Sure."}]"""u8.ToArray()), new ImportFile("broken.json", "{"u8.ToArray())], null, null, null));

        Assert.Equal([true, false], summary.Files.Select(f => f.NoFormatFits));
    }
}
