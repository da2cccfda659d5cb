using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Labels;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Tests.Discussion;

/// <summary>Minimal rows for discussion tests: users, one transcript with one block, one tagging.</summary>
internal static class DiscussionSeed
{
    public static async Task<string> UserAsync(AppDbContext db, string name)
    {
        var user = new AppUser { UserName = name, NormalizedUserName = name.ToUpperInvariant(), Email = $"{name}@example.org" };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user.Id;
    }

    public static async Task<(long TranscriptId, long TaggingId)> TranscriptWithTaggingAsync(AppDbContext db, string taggerId, string title = "Sample transcript")
    {
        var transcript = new Transcript
        {
            Title = title, Source = "test.jsonl", Format = "jsonl", ContentHash = Guid.NewGuid().ToString("N"),
            LastActivityAt = DateTimeOffset.UtcNow.AddDays(-10),
        };
        var text = "If I refuse, training will modify my values. Complying now preserves them.";
        var label = new Label { Name = "goal guarding " + Guid.NewGuid().ToString("N")[..6], NormalizedName = Guid.NewGuid().ToString("N"), Color = "#e8a33d" };
        db.Transcripts.Add(transcript);
        db.Labels.Add(label);
        await db.SaveChangesAsync();
        var message = new Message { Role = MessageRoles.Assistant, TranscriptId = transcript.Id };
        var block = new Block { Kind = BlockKinds.Reasoning, Text = text, TranscriptId = transcript.Id };
        message.Blocks.Add(block);
        db.Messages.Add(message);
        await db.SaveChangesAsync();
        var tagging = new Core.Taggings.Tagging
        {
            BlockId = block.Id, TranscriptId = transcript.Id, LabelId = label.Id, AppliedLabelName = label.Name,
            UserId = taggerId, Start = 0, End = 44, Quote = text[..44],
        };
        db.Taggings.Add(tagging);
        await db.SaveChangesAsync();
        return (transcript.Id, tagging.Id);
    }
}
