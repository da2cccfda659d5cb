using System.IO.Compression;
using System.Text.Json.Nodes;
using TranscriptReader.Core.Importing.Recipes;

namespace TranscriptReader.Core.Importing;

/// <summary>
/// Parses an uploaded file into transcripts without touching the database. Never throws for bad
/// input: every failure is a <see cref="FileParseResult"/> with an Error naming the file.
/// <para>
/// A file is all-or-nothing: one bad JSONL line, array item or Inspect sample fails the whole
/// file ("line 7: ..."), so a dataset is never half-stored. A JSONL agent session log is one
/// transcript; other JSONL files give one per line. With <see cref="ParseWithRecipe"/> a recipe
/// (see Importing/Recipes) replaces format detection. A ZIP dataset gives one result per
/// entry (entries fail independently), except that a ZIP over a size or entry cap fails as a
/// whole. An Inspect .eval (a ZIP with header.json and samples/) gives one result.
/// </para>
/// <para>
/// Text is decoded as UTF-8 (a BOM is stripped; UTF-16 with a BOM is accepted); block texts have
/// LF line endings, so offsets are into the stored text.
/// </para>
/// </summary>
public sealed class TranscriptParser
{
    /// <param name="file">The file as uploaded.</param>
    /// <param name="formatOverride">A format name instead of detection; null detects.</param>
    /// <param name="limits">Size caps; the defaults when null.</param>
    /// <param name="ct">Stops between records (lines, array items, ZIP entries) by throwing <see cref="OperationCanceledException"/>.</param>
    public IReadOnlyList<FileParseResult> Parse(ImportFile file, string? formatOverride = null, ImportLimits? limits = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        var name = string.IsNullOrWhiteSpace(file.FileName) ? "(unnamed file)" : file.FileName;
        var format = string.IsNullOrWhiteSpace(formatOverride) ? null : formatOverride.Trim().ToLowerInvariant();
        if (format is not null && !TranscriptFormats.All.Contains(format))
        {
            return [FileParseResult.Failure(name,
                $"{name}: unknown format '{formatOverride}'; expected one of {string.Join(", ", TranscriptFormats.All)}")];
        }

        return Run(name, file.Bytes ?? [], new ParseRun(limits ?? new ImportLimits(), format, null, ct));
    }

    /// <summary>
    /// Parses a file (or each entry of a ZIP dataset) with an import recipe instead of detecting a
    /// format; an invalid recipe fails the file with the path of its first problem.
    /// </summary>
    /// <param name="file">The file as uploaded.</param>
    /// <param name="recipe">The field mapping to read it with.</param>
    /// <param name="limits">Size caps; the defaults when null.</param>
    /// <param name="ct">Stops between records by throwing <see cref="OperationCanceledException"/>.</param>
    public IReadOnlyList<FileParseResult> ParseWithRecipe(ImportFile file, ImportRecipe recipe, ImportLimits? limits = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(recipe);
        var name = string.IsNullOrWhiteSpace(file.FileName) ? "(unnamed file)" : file.FileName;
        if (!CompiledRecipe.Compile(recipe).TryGet(out var compiled, out var failure))
        {
            return [FileParseResult.Failure(name, $"{name}: the recipe is not valid: {failure.Message}")];
        }
        return Run(name, file.Bytes ?? [], new ParseRun(limits ?? new ImportLimits(), TranscriptFormats.Recipe, compiled, ct));
    }

    private static IReadOnlyList<FileParseResult> Run(string name, byte[] bytes, ParseRun run)
    {
        try
        {
            return run.ParseFile(name, bytes, nested: false);
        }
        catch (ImportException ex)
        {
            return [FileParseResult.Failure(name, ex)];
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or OperationCanceledException))
        {
            // A parser bug must not take the whole upload down; the user still gets a message, without the
            // exception's own text (it describes the importer's internals, not the file).
            return [FileParseResult.Failure(name, $"{name}: could not be read ({ex.GetType().Name}): the importer failed on this file; report it with the file so it can be fixed.")];
        }
    }

    /// <summary>State for one call: the limits, the override (or recipe) and the running ZIP totals.</summary>
    private sealed class ParseRun(ImportLimits limits, string? format, CompiledRecipe? recipe, CancellationToken ct)
    {
        private long uncompressedBytesRead;
        private int entriesSeen;

        public List<FileParseResult> ParseFile(string name, byte[] bytes, bool nested)
        {
            if (bytes.LongLength > limits.MaxFileBytes)
            {
                return [FileParseResult.Failure(name, $"{name}: is {bytes.LongLength:N0} bytes, over the limit of {limits.MaxFileBytes:N0} bytes per file")];
            }
            if (bytes.Length == 0)
            {
                return [FileParseResult.Failure(name, $"{name}: is empty")];
            }
            if (IsZip(bytes))
            {
                return ParseZip(name, bytes, nested);
            }

            try
            {
                var text = TextDecoding.Decode(bytes);
                return [FileParseResult.Success(name, ParseText(name, text))];
            }
            catch (ImportException ex) when (ex is not ArchiveLimitException)
            {
                return [FileParseResult.Failure(name, ex)];
            }
        }

        private static bool IsZip(byte[] bytes) =>
            bytes.Length >= 4 && bytes[0] == 'P' && bytes[1] == 'K'
            && ((bytes[2] == 3 && bytes[3] == 4) || (bytes[2] == 5 && bytes[3] == 6));

        private List<FileParseResult> ParseZip(string name, byte[] bytes, bool nested)
        {
            try
            {
                using var archive = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
                var entries = archive.Entries;
                entriesSeen += entries.Count;
                if (entriesSeen > limits.MaxZipEntries)
                {
                    throw new ArchiveLimitException($"has {entries.Count:N0} entries, over the limit of {limits.MaxZipEntries:N0}");
                }
                var declared = entries.Sum(e => e.Length);
                if (uncompressedBytesRead + declared > limits.MaxZipTotalUncompressedBytes)
                {
                    throw new ArchiveLimitException(
                        $"declares {declared:N0} bytes uncompressed, over the limit of {limits.MaxZipTotalUncompressedBytes:N0} bytes");
                }

                if (LooksLikeInspectEval(name, entries))
                {
                    return [ParseInspectEval(name, entries)];
                }
                if (nested)
                {
                    return [FileParseResult.Failure(name, $"{name}: is a ZIP inside a ZIP; only Inspect .eval logs are read from inside an archive")];
                }

                var results = new List<FileParseResult>();
                foreach (var entry in entries.Where(IsImportable))
                {
                    ct.ThrowIfCancellationRequested();
                    var entryName = $"{name}/{entry.FullName}";
                    if (entry.Length > limits.MaxFileBytes)
                    {
                        results.Add(FileParseResult.Failure(entryName,
                            $"{entryName}: is {entry.Length:N0} bytes uncompressed, over the limit of {limits.MaxFileBytes:N0} bytes per file"));
                        continue;
                    }
                    results.AddRange(ParseFile(entryName, ReadEntry(entry), nested: true));
                }
                return results.Count > 0 ? results : [FileParseResult.Failure(name, $"{name}: is a ZIP archive with no files in it")];
            }
            catch (ArchiveLimitException ex) when (!nested)
            {
                return [FileParseResult.Failure(name, $"{name}: {ex.Message}")];
            }
            catch (InvalidDataException ex)
            {
                return [FileParseResult.Failure(name, $"{name}: is not a readable ZIP archive: {ex.Message}")];
            }
        }

        /// <summary>Directories and the metadata macOS and editors add to archives are not transcripts.</summary>
        private static bool IsImportable(ZipArchiveEntry entry) =>
            !entry.FullName.EndsWith('/')
            && !entry.FullName.StartsWith("__MACOSX/", StringComparison.Ordinal)
            && !entry.Name.StartsWith('.');

        private bool LooksLikeInspectEval(string name, IReadOnlyCollection<ZipArchiveEntry> entries)
        {
            if (format is not null && format != TranscriptFormats.Inspect)
            {
                return false;
            }
            var hasHeader = entries.Any(e => e.FullName is "header.json" or "_journal/start.json");
            return hasHeader || name.EndsWith(".eval", StringComparison.OrdinalIgnoreCase);
        }

        private FileParseResult ParseInspectEval(string name, IReadOnlyCollection<ZipArchiveEntry> entries)
        {
            try
            {
                var headerEntry = entries.FirstOrDefault(e => e.FullName == "header.json")
                    ?? entries.FirstOrDefault(e => e.FullName == "_journal/start.json");
                var header = headerEntry is null ? null : ReadJsonEntry(headerEntry) as JsonObject;

                var samples = entries
                    .Where(e => e.FullName.StartsWith("samples/", StringComparison.Ordinal)
                        && e.FullName.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                    .Select(e => (e.FullName, ReadJsonEntry(e) as JsonObject
                        ?? throw new ImportException($"{e.FullName}: is not a JSON object")))
                    .ToList();
                return FileParseResult.Success(name, InspectLog.FromEval(header, samples, TextCleanup.BaseName(name)));
            }
            catch (ImportException ex) when (ex is not ArchiveLimitException)
            {
                return FileParseResult.Failure(name, $"{name}: {ex.Message}");
            }
        }

        private JsonNode ReadJsonEntry(ZipArchiveEntry entry)
        {
            try
            {
                return JsonSupport.Parse(TextDecoding.Decode(ReadEntry(entry)));
            }
            catch (ImportException ex) when (ex is not ArchiveLimitException)
            {
                throw ex.Within(entry.FullName);
            }
        }

        /// <summary>
        /// Reads an entry while counting what actually inflates, so a ZIP whose headers
        /// understate its sizes is still stopped at the limits.
        /// </summary>
        private byte[] ReadEntry(ZipArchiveEntry entry)
        {
            if (entry.Length > limits.MaxFileBytes)
            {
                throw new ImportException($"{entry.FullName}: is {entry.Length:N0} bytes uncompressed, over the limit of {limits.MaxFileBytes:N0} bytes per file");
            }

            using var stream = entry.Open();
            using var buffer = new MemoryStream((int)Math.Min(entry.Length, 1 << 20));
            var chunk = new byte[81920];
            long total = 0;
            uint crc = 0;
            int read;
            while ((read = stream.Read(chunk)) > 0)
            {
                crc = Crc32.Append(crc, chunk.AsSpan(0, read));
                total += read;
                uncompressedBytesRead += read;
                if (uncompressedBytesRead > limits.MaxZipTotalUncompressedBytes)
                {
                    throw new ArchiveLimitException(
                        $"inflates to more than the limit of {limits.MaxZipTotalUncompressedBytes:N0} bytes (at entry {entry.FullName})");
                }
                // Today's ZipArchive stops at the declared size; this guards any reader that does not.
                if (total > entry.Length || total > limits.MaxFileBytes)
                {
                    throw new ArchiveLimitException(
                        $"entry {entry.FullName} inflates beyond its declared size of {entry.Length:N0} bytes");
                }
                buffer.Write(chunk, 0, read);
            }
            if (crc != entry.Crc32)
            {
                throw new ArchiveLimitException(
                    $"entry {entry.FullName} is corrupt: its data does not match the size and checksum in the ZIP headers");
            }
            return buffer.ToArray();
        }

        private List<ParsedTranscript> ParseText(string name, string text)
        {
            var baseName = TextCleanup.BaseName(name);
            if (recipe is not null)
            {
                return RecipeApplier.Apply(recipe, RecipeDocument.FromText(text, name, ct), baseName, ct: ct);
            }
            if (format == TranscriptFormats.PlainText)
            {
                return [PlainText(text, baseName)];
            }

            var firstChar = text.TrimStart()[0];
            var looksJson = firstChar is '{' or '[';
            if (!looksJson)
            {
                return format switch
                {
                    null when AlignmentFakingText.LooksTagged(text) => [AlignmentFaking(text, baseName)],
                    null => [PlainText(text, baseName)],
                    TranscriptFormats.AlignmentFaking => AlignmentFakingText.LooksTagged(text)
                        ? [AlignmentFaking(text, baseName)]
                        : throw new ImportException($"does not fit format {format}: no <INPUT>, <SCRATCHPAD_REASONING> or <OUTPUT> tags found"),
                    _ => throw new ImportException($"does not fit format {format}: the file is not JSON (it starts with '{firstChar}')"),
                };
            }

            var extension = Path.GetExtension(name).ToLowerInvariant();
            if (extension is ".jsonl" or ".ndjson")
            {
                return JsonLinesReader.Read(text, format, baseName, ct);
            }
            if (!JsonSupport.TryParse(text, out var document))
            {
                if (JsonLinesReader.Looks(text))
                {
                    return JsonLinesReader.Read(text, format, baseName, ct);
                }
                JsonSupport.Parse(text);
            }
            return JsonTranscripts.FromDocument(document!, format, baseName);
        }

        private ParsedTranscript PlainText(string text, string baseName)
        {
            var into = new TranscriptAssembler();
            var info = SpeakerText.Read(text, into);
            return into.Build(info.Title ?? baseName, baseName, TranscriptFormats.PlainText, info.Model, null);
        }

        private static ParsedTranscript AlignmentFaking(string text, string baseName)
        {
            var into = new TranscriptAssembler();
            AlignmentFakingText.Read(text, into);
            return into.Build(baseName, baseName, TranscriptFormats.AlignmentFaking, null, null);
        }
    }
}
