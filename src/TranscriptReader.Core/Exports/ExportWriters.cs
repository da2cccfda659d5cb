using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using CsvHelper;

namespace TranscriptReader.Core.Exports;

/// <summary>
/// Writes export rows to a stream as they arrive: CSV (RFC 4180, UTF-8, header row), JSON Lines and
/// W3C Web Annotation JSON-LD. Only asynchronous writes, so ASP.NET's response body accepts them.
/// </summary>
public static class ExportWriters
{
    private const int JsonFlushBytes = 32 * 1024;

    /// <summary>
    /// RFC 4180 with formula-injection escaping: a text cell starting with = + - @ tab CR or LF gets
    /// a leading apostrophe (CsvHelper's defaults lack LF, which OWASP lists), and so does one where = + - @
    /// follows leading white space or quotes (<see cref="CsvFormulas"/>, which the record types' string columns
    /// are written through). Numbers are written as numbers and never escaped.
    /// </summary>
    public static readonly CsvWriterOptions CsvOptions = CsvWriterOptions.Default with
    {
        Injection = CsvInjection.Escape,
        InjectionCharacters = CsvWriterOptions.Default.InjectionCharacters + "\n",
        FormatProvider = CultureInfo.InvariantCulture,
    };

    private static readonly JsonWriterOptions JsonOptions = new()
    {
        // Quotes contain arbitrary text; keep non-ASCII readable but escape what HTML would misread.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static async Task WriteCsvAsync<T>(IAsyncEnumerable<T> rows, Stream output, CancellationToken ct = default)
    {
        await using var csv = CsvWriter.Create(output, CsvOptions, leaveOpen: true);
        await csv.WriteRecordsAsync(rows, ct);
        await csv.FlushAsync(ct);
    }

    /// <summary>One flat JSON object per line and tagging (the raw taggings columns), for pandas' read_json(lines=True).</summary>
    public static async Task WriteJsonLinesAsync(IAsyncEnumerable<TaggingRow> rows, Stream output, CancellationToken ct = default)
    {
        // Lines are built in memory and handed to the stream in chunks: flushing the response per line is slow.
        var buffer = new ArrayBufferWriter<byte>(2 * JsonFlushBytes);
        await using var json = new Utf8JsonWriter(buffer, JsonOptions);
        await foreach (var row in rows.WithCancellation(ct))
        {
            WriteFlat(json, row);
            json.Flush();
            buffer.Write("\n"u8);
            json.Reset(buffer);
            if (buffer.WrittenCount > JsonFlushBytes)
            {
                await output.WriteAsync(buffer.WrittenMemory, ct);
                buffer.ResetWrittenCount();
            }
        }
        await output.WriteAsync(buffer.WrittenMemory, ct);
        await output.FlushAsync(ct);
    }

    /// <summary>
    /// A W3C Web Annotation <c>AnnotationCollection</c> whose first page holds every annotation:
    /// target = the transcript page with the block as fragment, TextQuoteSelector (exact, prefix,
    /// suffix) and TextPositionSelector (UTF-16 start, end exclusive), body = the canonical label.
    /// </summary>
    public static async Task WriteJsonLdAsync(IAsyncEnumerable<TaggingRow> rows, Stream output, Uri baseUri, CancellationToken ct = default)
    {
        await using var json = new Utf8JsonWriter(output, JsonOptions);
        json.WriteStartObject();
        json.WriteString("@context", "http://www.w3.org/ns/anno.jsonld");
        json.WriteString("id", new Uri(baseUri, "/api/v1/exports/annotations.jsonld").ToString());
        json.WriteString("type", "AnnotationCollection");
        json.WriteString("label", "TranscriptReader taggings");
        json.WriteStartObject("first");
        json.WriteString("type", "AnnotationPage");
        json.WriteStartArray("items");
        await foreach (var row in rows.WithCancellation(ct))
        {
            WriteAnnotation(json, row, baseUri);
            if (json.BytesPending > JsonFlushBytes)
            {
                await json.FlushAsync(ct);
            }
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(ct);
    }

    /// <summary>The page of a transcript with the block as fragment, as the transcript page anchors blocks.</summary>
    public static Uri BlockUri(Uri baseUri, long transcriptId, long blockId) =>
        new(baseUri, $"/Transcripts/{transcriptId.ToString(CultureInfo.InvariantCulture)}#block-{blockId.ToString(CultureInfo.InvariantCulture)}");

    private static void WriteFlat(Utf8JsonWriter json, TaggingRow r)
    {
        json.WriteStartObject();
        json.WriteNumber("tagging_id", r.TaggingId);
        json.WriteNumber("transcript_id", r.TranscriptId);
        json.WriteString("transcript_title", r.TranscriptTitle);
        json.WriteString("collection", r.Collection);
        json.WriteString("model", r.Model);
        json.WriteString("message_role", r.MessageRole);
        json.WriteNumber("block_id", r.BlockId);
        json.WriteString("block_kind", r.BlockKind);
        json.WriteNumber("start", r.Start);
        json.WriteNumber("end", r.End);
        json.WriteString("quote", r.Quote);
        json.WriteString("prefix", r.Prefix);
        json.WriteString("suffix", r.Suffix);
        json.WriteNumber("label_id", r.LabelId);
        json.WriteString("label", r.Label);
        json.WriteString("applied_label", r.AppliedLabel);
        json.WriteString("reader_id", r.ReaderId);
        json.WriteString("reader", r.Reader);
        json.WriteString("created_at", r.CreatedAt.ToUniversalTime());
        json.WriteNumber("agree_votes", r.AgreeVotes);
        json.WriteNumber("dispute_votes", r.DisputeVotes);
        json.WriteNumber("vote_score", r.VoteScore);
        json.WriteString("status", r.Status);
        json.WriteEndObject();
    }

    private static void WriteAnnotation(Utf8JsonWriter json, TaggingRow r, Uri baseUri)
    {
        json.WriteStartObject();
        json.WriteString("id", $"urn:transcriptreader:tagging:{r.TaggingId.ToString(CultureInfo.InvariantCulture)}");
        json.WriteString("type", "Annotation");
        json.WriteString("motivation", "tagging");
        json.WriteString("created", r.CreatedAt.ToUniversalTime());
        json.WriteStartObject("creator");
        json.WriteString("id", $"urn:transcriptreader:user:{r.ReaderId}");
        json.WriteString("type", "Person");
        json.WriteString("nickname", r.Reader);
        json.WriteEndObject();
        json.WriteStartObject("body");
        json.WriteString("type", "TextualBody");
        json.WriteString("purpose", "tagging");
        json.WriteString("value", r.Label);
        json.WriteEndObject();
        json.WriteStartObject("target");
        json.WriteString("source", BlockUri(baseUri, r.TranscriptId, r.BlockId).ToString());
        json.WriteStartArray("selector");
        json.WriteStartObject();
        json.WriteString("type", "TextQuoteSelector");
        json.WriteString("exact", r.Quote);
        json.WriteString("prefix", r.Prefix);
        json.WriteString("suffix", r.Suffix);
        json.WriteEndObject();
        json.WriteStartObject();
        json.WriteString("type", "TextPositionSelector");
        json.WriteNumber("start", r.Start);
        json.WriteNumber("end", r.End);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
