using TranscriptReader.Core.Data;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Web.Tests.Support;

/// <summary>Stores a transcript directly, as the importer would: messages of (role, speaker, blocks of (kind, text, caption)).</summary>
public static class SeedTranscripts
{
    public sealed record SeedBlock(string Kind, string Text, string? Caption = null);

    public sealed record SeedMessage(string Role, string? Speaker, params SeedBlock[] Blocks);

    /// <summary>Returns the transcript id and the block ids in reading order.</summary>
    public static async Task<(long TranscriptId, List<long> BlockIds)> AddAsync(AppDbContext db, string title, params SeedMessage[] messages)
    {
        var transcript = new Transcript
        {
            Title = title,
            Source = title + ".json",
            Format = "openai-chat",
            Model = "test-model",
            ContentHash = Guid.NewGuid().ToString("N"),
            MetadataJson = """{"is_free_tier_user": true, "condition": "<b>free</b> & tier", "scores": {"a": 1}}""",
            CharCount = messages.Sum(m => m.Blocks.Sum(b => b.Text.Length)),
        };
        db.Transcripts.Add(transcript);
        await db.SaveChangesAsync();
        var blocks = new List<Block>();
        for (var i = 0; i < messages.Length; i++)
        {
            var m = messages[i];
            var message = new Message { TranscriptId = transcript.Id, Ordinal = i, Role = m.Role, Speaker = m.Speaker };
            for (var j = 0; j < m.Blocks.Length; j++)
            {
                var block = new Block { TranscriptId = transcript.Id, Ordinal = j, Kind = m.Blocks[j].Kind, Text = m.Blocks[j].Text, Caption = m.Blocks[j].Caption };
                message.Blocks.Add(block);
                blocks.Add(block);
            }
            db.Messages.Add(message);
        }
        await db.SaveChangesAsync();
        return (transcript.Id, blocks.ConvertAll(b => b.Id));
    }

    /// <summary>A reader account without a password (for rows that need an author); returns its id.</summary>
    public static async Task<string> AddUserAsync(AppDbContext db, string name)
    {
        var user = new Core.Accounts.AppUser
        {
            UserName = name, NormalizedUserName = name.ToUpperInvariant(), Email = name + "@example.org",
            NormalizedEmail = name.ToUpperInvariant() + "@EXAMPLE.ORG", SecurityStamp = Guid.NewGuid().ToString(),
        };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user.Id;
    }
}
