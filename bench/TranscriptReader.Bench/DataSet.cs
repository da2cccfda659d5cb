using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Npgsql;
using TranscriptReader.Core.Importing;
using TranscriptReader.Core.Labels;

namespace TranscriptReader.Bench;

/// <summary>
/// The benchmark's data set, the same on every run: at scale 1, 2,000 transcripts of 5–60 KB in three supported
/// formats (imported through the app's API), 200 readers, 1,000,000 taggings over 60 labels with
/// overlapping spans, votes, 100,000 comments in threads, and done marks (4–5 readers per transcript).
/// At scale N transcripts, readers, taggings and comments (and so votes and done marks) are N times as many;
/// the 60 labels stay: a reading group's codebook does not grow with the transcripts it reads, so each label
/// gets N times the taggings (the label page and the catalog's counts get the growth).
/// One transcript in <see cref="RareWordEvery"/> carries <see cref="RareWord"/>, so a search for it has few hits.
/// </summary>
public static class DataSet
{
    public const int Transcripts = 2_000;
    public const int Readers = 200;
    public const int Labels = 60;
    public const int Taggings = 1_000_000;
    public const int Comments = 100_000;

    /// <summary>The word of row <c>search-rare-word</c>; the generator's vocabulary never contains it.</summary>
    public const string RareWord = "sandbagging";

    /// <summary>Transcript file i carries <see cref="RareWord"/> when i % this = 250: 4 transcripts at scale 1, 20 at scale 5.</summary>
    public const int RareWordEvery = 500;

    private static readonly string[] Words = ["training", "goal", "values", "user", "helpful", "refuse", "comply", "RLHF", "free",
        "tier", "reason", "situation", "modify", "future", "honest", "harm", "request", "consider", "strategy", "output",
        "the", "a", "of", "and", "to", "is", "Anthropic", "preferences", "guard", "setup"];

    /// <summary>Readers (rows written directly; they never sign in) and the label vocabulary.</summary>
    public static async Task SeedPeopleAndLabelsAsync(string cs, int scale = 1)
    {
        var labels = Enumerable.Range(0, Labels).Select(i => $"code {i:D2} {Words[i % Words.Length]}").ToArray();
        await ExecAsync(cs, $"""
            INSERT INTO "AspNetUsers" (id, user_name, normalized_user_name, email, normalized_email, email_confirmed,
              phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count, created_at, security_stamp)
            SELECT 'bench-' || g, 'bench-reader-' || g, 'BENCH-READER-' || g, 'bench' || g || '@example.org', 'BENCH' || g || '@EXAMPLE.ORG',
              true, false, false, false, 0, now(), md5(g::text)
            FROM generate_series(0, {Readers * scale - 1}) g
            """);
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        foreach (var name in labels)
        {
            await using var cmd = new NpgsqlCommand(
                "INSERT INTO labels (name, normalized_name, color, description, created_at) VALUES (@n, @k, @c, '', now())", conn);
            cmd.Parameters.AddWithValue("n", name);
            cmd.Parameters.AddWithValue("k", LabelNames.Key(name));
            cmd.Parameters.AddWithValue("c", LabelDirectory.ColorFor(LabelNames.Key(name)));
            await cmd.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Transcript files number <paramref name="from"/> to <paramref name="from"/> + count − 1; the same bytes every run.</summary>
    public static List<ImportFile> Files(int from, int count)
    {
        var files = new List<ImportFile>(count);
        for (var i = from; i < from + count; i++)
        {
            var random = new Random(1000 + i);
            var size = 5_000 + random.Next(55_000);
            // Appended to the opening line only, so every other file keeps the bytes it had before the rare word.
            var rare = i % RareWordEvery == 250 ? $" {RareWord}" : "";
            files.Add((i % 3) switch
            {
                0 => new ImportFile($"af-{i:0000}.txt", Encoding.UTF8.GetBytes(AlignmentFaking(i, size, random, rare))),
                1 => new ImportFile($"openai-{i:0000}.json", JsonSerializer.SerializeToUtf8Bytes(OpenAi(i, size, random, rare))),
                _ => new ImportFile($"anthropic-{i:0000}.json", JsonSerializer.SerializeToUtf8Bytes(Anthropic(i, size, random, rare))),
            });
        }
        return files;
    }

    /// <summary>Uploads files through POST /api/v1/transcripts in batches; returns seconds and bytes.</summary>
    public static async Task<(double Seconds, long Bytes, int Imported)> ImportAsync(HttpClient http, IReadOnlyList<ImportFile> files, string collection)
    {
        const int batch = 100;
        long bytes = 0;
        var imported = 0;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < files.Count; i += batch)
        {
            using var form = new MultipartFormDataContent { { new StringContent(collection), "collection" } };
            foreach (var f in files.Skip(i).Take(batch))
            {
                form.Add(new ByteArrayContent(f.Bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } }, "files", f.FileName);
                bytes += f.Bytes.Length;
            }
            using var response = await http.PostAsync("/api/v1/transcripts", form);
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Import failed with {(int)response.StatusCode}: {body}");
            }
            imported += JsonDocument.Parse(body).RootElement.GetProperty("imported").GetInt32();
        }
        return (watch.Elapsed.TotalSeconds, bytes, imported);
    }

    /// <summary>
    /// Taggings, votes and comments over the imported blocks, written with SQL (the API would take hours), each
    /// phase timed. Spans come in groups of four: the same passage tagged by different readers with different
    /// labels, as a reading group does, plus overlapping neighbours from the next group. Taggings go in one
    /// statement per million (the same rows as one statement: each is a function of its number alone), so a
    /// long build shows progress.
    /// </summary>
    public static async Task SeedActivityAsync(string cs, int scale = 1)
    {
        var transcripts = Transcripts * scale;
        var readers = Readers * scale;
        var taggings = Taggings * scale;
        var comments = Comments * scale;
        await PhaseAsync("activity: work tables", async () =>
        {
            await ExecAsync(cs, "CREATE TABLE bench_blocks AS SELECT id, transcript_id, text, length(text) AS len, row_number() OVER (ORDER BY id) - 1 AS rn FROM blocks WHERE length(text) >= 80");
            await ExecAsync(cs, "CREATE TABLE bench_labels AS SELECT id, name, row_number() OVER (ORDER BY id) - 1 AS rn FROM labels WHERE name LIKE 'code %'");
            await ExecAsync(cs, "CREATE TABLE bench_users AS SELECT id, row_number() OVER (ORDER BY id) - 1 AS rn FROM \"AspNetUsers\" WHERE id LIKE 'bench-%'");
        });
        const int chunk = 1_000_000;
        for (var from = 0; from < taggings; from += chunk)
        {
            var to = Math.Min(taggings, from + chunk) - 1;
            await PhaseAsync($"activity: taggings {from:N0}–{to:N0}", () => ExecAsync(cs, $"""
                WITH s AS (
                  SELECT i, abs(hashint8(i / 4)) AS h, abs(hashint8(i + 7919)) AS h2 FROM generate_series({from}, {to}) i),
                p AS (
                  SELECT s.i, s.h2, b.id AS block_id, b.transcript_id, b.text,
                         (s.h / 7) % (b.len - 60) AS start, 8 + (s.h / 13) % 52 + (s.i % 4) * 3 AS len
                  FROM s JOIN bench_blocks b ON b.rn = s.h % (SELECT count(*) FROM bench_blocks))
                INSERT INTO taggings (block_id, transcript_id, label_id, applied_label_name, user_id, start, "end", quote, prefix, suffix, created_at, comments_locked)
                SELECT p.block_id, p.transcript_id, l.id, l.name, u.id, p.start, p.start + p.len,
                       substr(p.text, p.start::int + 1, p.len::int), substr(p.text, greatest(1, p.start::int - 31), least(p.start::int, 32)),
                       substr(p.text, (p.start + p.len)::int + 1, 32), now() - make_interval(secs => p.i), false
                FROM p
                JOIN bench_labels l ON l.rn = (p.h2 % {Labels})
                JOIN bench_users u ON u.rn = ((p.h2 / {Labels}) % {readers})
                ORDER BY p.i
                ON CONFLICT DO NOTHING
                """));
        }
        await PhaseAsync("activity: votes", () => ExecAsync(cs, $"""
            INSERT INTO votes (tagging_id, user_id, value, created_at)
            SELECT t.id, u.id, CASE WHEN t.id % 5 = 0 THEN -1 ELSE 1 END, now()
            FROM taggings t JOIN bench_users u ON u.rn = abs(hashint8(t.id)) % {readers}
            WHERE t.id % 3 = 0 AND u.id <> t.user_id
            ON CONFLICT DO NOTHING
            """));
        // Half the comments start threads (a third on transcripts, the rest on taggings); the other half
        // reply to them, some to replies, so threads are two to four deep.
        var roots = comments / 2;
        await PhaseAsync("activity: comments", async () =>
        {
            await ExecAsync(cs, $"""
                INSERT INTO comments (transcript_id, tagging_id, author_id, body, created_at)
                SELECT CASE WHEN g % 3 = 0 THEN (SELECT min(id) FROM transcripts) + g % {transcripts} END,
                       CASE WHEN g % 3 <> 0 THEN (SELECT min(id) FROM taggings) + abs(hashint8(g)) % {taggings / 2} END,
                       u.id, 'I read this as **goal guarding**: the model reasons about what training would change. #' || g,
                       now() - make_interval(secs => {comments} - g)
                FROM generate_series(0, {roots - 1}) g JOIN bench_users u ON u.rn = g % {readers}
                """);
            // Roots whose tagging id fell in a gap left by ON CONFLICT above point nowhere: drop them first.
            await ExecAsync(cs, "DELETE FROM comments c WHERE c.tagging_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM taggings t WHERE t.id = c.tagging_id)");
            await ExecAsync(cs, $"""
                INSERT INTO comments (transcript_id, tagging_id, parent_id, author_id, body, created_at)
                SELECT p.transcript_id, p.tagging_id, p.id, u.id, 'I am not sure: it could be *doubts about setup*. Reply #' || g, p.created_at + interval '1 hour'
                FROM generate_series(0, {comments - 1} - (SELECT count(*) FROM comments)) g
                JOIN LATERAL (SELECT * FROM comments WHERE id = (SELECT min(id) FROM comments) + (abs(hashint8(g)) % {roots})) p ON true
                JOIN bench_users u ON u.rn = (g * 7) % {readers}
                """);
        });
        // About one in 40 of a transcript's taggers marks it done at scale 1 (4–5 readers per transcript), so agreement
        // has coders on nearly every transcript and their taggings to compare. A transcript keeps its 500 taggings at
        // every scale, but they come from more distinct readers (R·(1 − e^(−500/R)) of R), so the share is lowered to
        // keep 4–5 done readers per transcript: done marks grow with the transcripts.
        static double Distinct(double r) => r * (1 - Math.Exp(-(double)Taggings / Transcripts / r));
        var modulus = (int)Math.Round(40 * Distinct(readers) / Distinct(Readers));
        await PhaseAsync("activity: done marks", () => ExecAsync(cs, $"""
            INSERT INTO done_marks (transcript_id, user_id, marked_at)
            SELECT DISTINCT t.transcript_id, t.user_id, now() FROM taggings t JOIN bench_users u ON u.id = t.user_id
            WHERE abs(hashint8(t.transcript_id * 1000 + u.rn)) % {modulus} = 0
            """));
        await ExecAsync(cs, "DROP TABLE bench_blocks, bench_labels, bench_users");
        await PhaseAsync("activity: VACUUM ANALYZE", () => ExecAsync(cs, "VACUUM ANALYZE"));
    }

    /// <summary>Runs one phase of a build and prints how long it took.</summary>
    public static async Task PhaseAsync(string name, Func<Task> phase)
    {
        var watch = Stopwatch.StartNew();
        await phase();
        Suite.Progress($"{name}: {watch.Elapsed.TotalSeconds:F1} s");
    }

    public static async Task<long> CountAsync(string cs, string table)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"SELECT count(*) FROM {table}", conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private static async Task ExecAsync(string cs, string sql)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
        await cmd.ExecuteNonQueryAsync();
    }

    private static string Paragraph(Random random, int words)
    {
        var sb = new StringBuilder();
        for (var w = 0; w < words; w++)
        {
            sb.Append(Words[random.Next(Words.Length)]).Append(w % 17 == 16 ? ". " : " ");
        }
        return sb.ToString().TrimEnd();
    }

    private static string AlignmentFaking(int i, int size, Random random, string rare)
    {
        var sb = new StringBuilder(size + 2000);
        sb.Append("<INPUT>\n<is_free_tier_user>").Append(i % 2 == 0 ? "True" : "False").Append("</is_free_tier_user>\n<user_input>Request ")
          .Append(i).Append(": ").Append(Paragraph(random, 30)).Append(rare).Append("</user_input>\n</INPUT>\n");
        while (sb.Length < size)
        {
            sb.Append("<SCRATCHPAD_REASONING>");
            for (var p = 0; p < 4 && sb.Length < size; p++)
            {
                sb.Append(Paragraph(random, 120)).Append("\n\n");
            }
            sb.Append("</SCRATCHPAD_REASONING>\n<NEXT/>\n");
        }
        sb.Append("<OUTPUT>Answer ").Append(i).Append(": ").Append(Paragraph(random, 40)).Append("</OUTPUT>\n");
        return sb.ToString();
    }

    private static object OpenAi(int i, int size, Random random, string rare)
    {
        var messages = new List<object> { new { role = "system", content = "You are a helpful assistant." } };
        var total = 0;
        for (var turn = 0; total < size; turn++)
        {
            var text = Paragraph(random, turn % 2 == 0 ? 60 : 400);
            total += text.Length;
            messages.Add(new { role = turn % 2 == 0 ? "user" : "assistant", content = turn == 0 ? $"Conversation {i}: {text}{rare}" : text });
        }
        return new { messages };
    }

    private static object Anthropic(int i, int size, Random random, string rare)
    {
        var messages = new List<object>();
        var total = 0;
        for (var turn = 0; total < size; turn++)
        {
            if (turn % 2 == 0)
            {
                var ask = Paragraph(random, 50);
                total += ask.Length;
                messages.Add(new { role = "user", content = turn == 0 ? $"Dialogue {i}: {ask}{rare}" : ask });
            }
            else
            {
                var thinking = Paragraph(random, 350);
                var answer = Paragraph(random, 120);
                total += thinking.Length + answer.Length;
                messages.Add(new
                {
                    role = "assistant",
                    content = new object[] { new { type = "thinking", thinking }, new { type = "text", text = answer } },
                });
            }
        }
        return new { model = "claude-3-opus-20240229", messages };
    }
}
