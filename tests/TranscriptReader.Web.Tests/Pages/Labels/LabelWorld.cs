using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Labels;
using TranscriptReader.Core.Transcripts;
using TranscriptReader.Web.Tests.Support;

namespace TranscriptReader.Web.Tests.Pages.Labels;

/// <summary>An admin, a moderator and a member signed in, one transcript block, and two labels with taggings.</summary>
internal sealed class LabelWorld
{
    public const string Text = "I will comply now so my goals are not modified in training later.";

    public required TestClient Admin { get; init; }
    public required TestClient Moderator { get; init; }
    public required TestClient Member { get; init; }
    public int Target { get; private set; }
    public int Source { get; private set; }
    public long TranscriptId { get; private set; }
    public long SourceTagging { get; private set; }

    public static async Task<LabelWorld> CreateAsync(AppFactory app)
    {
        var world = new LabelWorld { Admin = app.NewClient(), Moderator = app.NewClient(), Member = app.NewClient() };
        await world.Admin.RegisterAsync("ada@example.org", "Ada");
        await world.Moderator.RegisterAsync("mo@example.org", "Mo");
        await world.Member.RegisterAsync("bob@example.org", "Bob");
        await using var db = app.CreateDbContext();
        var users = await db.Users.ToDictionaryAsync(u => u.UserName!, u => u.Id);
        await app.WithScopeAsync(async sp =>
            await sp.GetRequiredService<AccountService>().SetRoleAsync(users["Ada"], users["Mo"], Roles.Moderator, grant: true));
        // Roles are read at sign-in: sign in again to carry the new role.
        await world.Moderator.LoginAsync("mo@example.org");

        var transcript = new Transcript { Title = "Alignment faking sample", Source = "test", Format = "text", ContentHash = "h1" };
        db.Transcripts.Add(transcript);
        await db.SaveChangesAsync();
        var message = new Message { TranscriptId = transcript.Id, Ordinal = 0, Role = MessageRoles.Assistant };
        db.Messages.Add(message);
        await db.SaveChangesAsync();
        var block = new Block { MessageId = message.Id, TranscriptId = transcript.Id, Ordinal = 0, Kind = BlockKinds.Reasoning, Text = Text };
        db.Blocks.Add(block);
        var target = new Label { Name = "goal guarding", NormalizedName = "goal guarding", Color = "#5b8def", Description = "Keeping **current goals**." };
        var source = new Label { Name = "Goal-guarding", NormalizedName = "goal-guarding", Color = "#e8a33d" };
        db.Labels.AddRange(target, source);
        await db.SaveChangesAsync();
        db.Taggings.Add(new Core.Taggings.Tagging
        {
            BlockId = block.Id, TranscriptId = transcript.Id, LabelId = target.Id, AppliedLabelName = target.Name,
            UserId = users["Bob"], Start = 15, End = 23, Quote = Text[15..23],
        });
        var tagging = new Core.Taggings.Tagging
        {
            BlockId = block.Id, TranscriptId = transcript.Id, LabelId = source.Id, AppliedLabelName = source.Name,
            UserId = users["Bob"], Start = 0, End = 14, Quote = Text[0..14],
        };
        db.Taggings.Add(tagging);
        await db.SaveChangesAsync();
        world.Target = target.Id;
        world.Source = source.Id;
        world.TranscriptId = transcript.Id;
        world.SourceTagging = tagging.Id;
        return world;
    }
}
