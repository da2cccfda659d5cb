using System.Diagnostics;
using System.Text.Json;
using TranscriptReader.Core.Importing;

namespace TranscriptReader.Web.Api;

/// <summary>
/// The NDJSON answer of a streamed import (<c>Accept: application/x-ndjson</c>), one JSON document per line:
/// <c>parsed</c> when a file has been read (with its number of transcripts), <c>progress</c> as its transcripts
/// are stored (ids and titles, batched to at most about ten lines a second, and always complete before the
/// file's line), <c>file</c> with the file's result, then <c>summary</c>, or <c>error</c> when the import stopped.
/// </summary>
internal sealed class ImportStream(HttpContext http)
{
    private static readonly TimeSpan BatchInterval = TimeSpan.FromMilliseconds(100);

    private readonly List<object> transcripts = [];
    private readonly List<object> duplicates = [];
    private readonly Stopwatch sinceWrite = Stopwatch.StartNew();
    private TranscriptStored? last;

    public async Task WriteAsync(ImportEvent e, CancellationToken ct)
    {
        switch (e)
        {
            case FileParsed parsed:
                await LineAsync(new { type = "parsed", file = parsed.FileName, total = parsed.Transcripts }, ct);
                break;
            case TranscriptStored step:
                if (step.Id is { } id)
                {
                    transcripts.Add(new { id, title = step.Title });
                }
                else if (step.ExistingId is { } existingId)
                {
                    duplicates.Add(new { title = step.Title, existingId });
                }
                last = step;
                if (sinceWrite.Elapsed >= BatchInterval || step.Done == step.Total)
                {
                    await FlushProgressAsync(ct);
                }
                break;
            case FileFinished { Result: var result }:
                await FlushProgressAsync(ct);
                await LineAsync(new
                {
                    type = "file",
                    file = result.FileName,
                    imported = result.TranscriptIds,
                    duplicates = result.Duplicates.Select(d => new { d.Title, d.ExistingId }),
                    error = result.Error,
                    noFormatFits = result.NoFormatFits,
                }, ct);
                break;
        }
    }

    public Task LineAsync(object value, CancellationToken ct) => WriteLineAsync(http, value, ct);

    private async Task FlushProgressAsync(CancellationToken ct)
    {
        if (last is not { } step || (transcripts.Count == 0 && duplicates.Count == 0))
        {
            return;
        }
        await LineAsync(new
        {
            type = "progress", file = step.FileName, done = step.Done, total = step.Total,
            transcripts = transcripts.ToArray(), duplicates = duplicates.ToArray(),
        }, ct);
        transcripts.Clear();
        duplicates.Clear();
    }

    private async Task WriteLineAsync(HttpContext context, object value, CancellationToken ct)
    {
        await JsonSerializer.SerializeAsync(context.Response.Body, value, JsonSerializerOptions.Web, ct);
        await context.Response.WriteAsync("\n", ct);
        await context.Response.Body.FlushAsync(ct);
        sinceWrite.Restart();
    }
}
