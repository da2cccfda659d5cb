using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Auditing;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Discussion;
using TranscriptReader.Core.Labels;
using TranscriptReader.Core.Taggings;
using TranscriptReader.Core.Transcripts;
using TranscriptReader.Testing;

namespace TranscriptReader.Core.Tests.Labels;

/// <summary>Small seeding and inspection helpers for label tests on the real database.</summary>
internal sealed class LabelSeed(TestDatabase database)
{
    public const string BlockText = "I should comply now so that my values are not modified later, which protects my goals.";

    public long TranscriptId { get; private set; }
    public long BlockId { get; private set; }

    public async Task InitAsync(params string[] userIds)
    {
        await using var db = database.CreateContext();
        foreach (var id in userIds)
        {
            db.Users.Add(new AppUser { Id = id, UserName = id, NormalizedUserName = id.ToUpperInvariant(), Email = $"{id}@example.org" });
        }
        var transcript = new Transcript { Title = "T", Source = "test", Format = "text", ContentHash = Guid.NewGuid().ToString("N") };
        db.Transcripts.Add(transcript);
        await db.SaveChangesAsync();
        var message = new Message { TranscriptId = transcript.Id, Ordinal = 0, Role = MessageRoles.Assistant };
        db.Messages.Add(message);
        await db.SaveChangesAsync();
        var block = new Block { MessageId = message.Id, TranscriptId = transcript.Id, Ordinal = 0, Kind = BlockKinds.Reasoning, Text = BlockText };
        db.Blocks.Add(block);
        await db.SaveChangesAsync();
        TranscriptId = transcript.Id;
        BlockId = block.Id;
    }

    public async Task<int> LabelAsync(string name, string? alias = null)
    {
        await using var db = database.CreateContext();
        var label = new Label { Name = name, NormalizedName = LabelNames.Key(name), Color = "#5b8def", CreatedById = null };
        if (alias is not null)
        {
            label.Aliases.Add(new LabelAlias { Alias = alias, NormalizedAlias = LabelNames.Key(alias) });
        }
        db.Labels.Add(label);
        await db.SaveChangesAsync();
        return label.Id;
    }

    public async Task<long> TagAsync(int labelId, string userId, int start, int end)
    {
        await using var db = database.CreateContext();
        var tagging = new Core.Taggings.Tagging
        {
            BlockId = BlockId, TranscriptId = TranscriptId, LabelId = labelId, AppliedLabelName = $"label {labelId}",
            UserId = userId, Start = start, End = end, Quote = BlockText[start..end],
        };
        db.Taggings.Add(tagging);
        await db.SaveChangesAsync();
        return tagging.Id;
    }

    public async Task VoteAsync(long taggingId, string userId, short value)
    {
        await using var db = database.CreateContext();
        db.Votes.Add(new Vote { TaggingId = taggingId, UserId = userId, Value = value });
        await db.SaveChangesAsync();
    }

    public async Task<long> CommentAsync(long taggingId, string userId, string body, long? parentId = null)
    {
        await using var db = database.CreateContext();
        var comment = new Comment { TaggingId = taggingId, ParentId = parentId, AuthorId = userId, Body = body };
        db.Comments.Add(comment);
        await db.SaveChangesAsync();
        return comment.Id;
    }

    /// <summary>Every row of the tables a merge touches, as JSON text in a stable order.</summary>
    public async Task<string> DumpAsync()
    {
        var parts = new List<string>();
        foreach (var (table, order) in new[]
        {
            ("labels", "id"), ("label_aliases", "id"), ("taggings", "id"), ("votes", "tagging_id, user_id"), ("comments", "id"),
        })
        {
            parts.Add(table + ": " + await ScalarAsync<string>(
                $"SELECT coalesce(jsonb_agg(to_jsonb(x) ORDER BY {order}), '[]')::text FROM (SELECT * FROM {table}) x"));
        }
        return string.Join("\n", parts);
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public static LabelMerger Merger(AppDbContext db) =>
        new(db, new AuditLog(db, TimeProvider.System), TimeProvider.System, NullLogger<LabelMerger>.Instance);

    public static LabelCatalog Catalog(AppDbContext db) =>
        new(db, new LabelDirectory(db, TimeProvider.System), new AuditLog(db, TimeProvider.System), TimeProvider.System);

    /// <summary>
    /// The tagging service's protocol: resolve the label with <see cref="LabelDirectory.ResolveForApplyAsync"/>
    /// inside a transaction (FOR SHARE on the canonical row), insert, commit. A repeat apply is a no-op.
    /// </summary>
    public async Task<long?> ApplyAsync(string labelName, string userId, int start, int end)
    {
        await using var db = database.CreateContext();
        await using var tx = await db.Database.BeginTransactionAsync();
        var resolution = await new LabelDirectory(db, TimeProvider.System).ResolveForApplyAsync(labelName, userId, allowCreate: false);
        if (resolution.Label is null)
        {
            throw new InvalidOperationException(resolution.Error);
        }
        var tagging = new Core.Taggings.Tagging
        {
            BlockId = BlockId, TranscriptId = TranscriptId, LabelId = resolution.Label.Id, AppliedLabelName = labelName,
            UserId = userId, Start = start, End = end, Quote = BlockText[start..end],
        };
        db.Taggings.Add(tagging);
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        return tagging.Id;
    }
}
