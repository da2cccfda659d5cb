using TranscriptReader.Core.Agreement;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Labels;
using TranscriptReader.Core.Taggings;
using TranscriptReader.Core.Transcripts;
using TranscriptReader.Web.Tests.Support;

namespace TranscriptReader.Web.Tests.Agreement;

/// <summary>
/// Two transcripts for agreement, small enough to compute by hand. t1 ("a b c d", collection "free tier",
/// published label potential_faking) is done by ada and bo: ada tagged "a b", bo tagged "b c" with goal
/// guarding, so alpha = 1 − 7·2/(4·4) = 0.125. t2 ("x y z", published aligned) is done by ada alone, so it
/// is not counted for alpha. A researcher (the first account, so an admin) signs in with a token.
/// </summary>
public sealed class AgreementWorld
{
    public const string T1Text = "a b c d";

    public long T1 { get; private set; }
    public long T2 { get; private set; }
    public long T1Block { get; private set; }
    public string Ada { get; private set; } = "";
    public string Bo { get; private set; } = "";
    public Label Goal { get; private set; } = null!;
    public Label Sycophancy { get; private set; } = null!;
    public TestClient Researcher { get; private set; } = null!;

    public static async Task<AgreementWorld> CreateAsync(AppFactory app)
    {
        var world = new AgreementWorld();
        await app.ResetAsync();
        world.Researcher = app.NewClient();
        await world.Researcher.RegisterAsync("researcher@example.org", "researcher");
        world.Researcher.UseBearer(await world.Researcher.CreateTokenAsync());

        await using var db = app.CreateDbContext();
        world.Ada = await SeedTranscripts.AddUserAsync(db, "ada");
        world.Bo = await SeedTranscripts.AddUserAsync(db, "bo");
        var free = new Collection { Name = "free tier" };
        db.Collections.Add(free);
        world.Goal = NewLabel("goal guarding");
        world.Sycophancy = NewLabel("sycophancy");
        db.Labels.AddRange(world.Goal, world.Sycophancy);
        await db.SaveChangesAsync();

        (world.T1, var b1) = await AddAsync(db, "t1", T1Text, free.Id, """{"label": "potential_faking", "is_free_tier_user": true}""");
        (world.T2, _) = await AddAsync(db, "t2", "x y z", null, """{"label": "aligned"}""");
        world.T1Block = b1;
        Tag(db, world.T1, b1, T1Text, 0, 3, world.Goal, world.Ada);
        Tag(db, world.T1, b1, T1Text, 2, 5, world.Goal, world.Bo);
        db.DoneMarks.AddRange(
            new DoneMark { TranscriptId = world.T1, UserId = world.Ada },
            new DoneMark { TranscriptId = world.T1, UserId = world.Bo },
            new DoneMark { TranscriptId = world.T2, UserId = world.Ada });
        await db.SaveChangesAsync();
        return world;
    }

    public static Label NewLabel(string name) => new() { Name = name, NormalizedName = LabelNames.Key(name), Color = "#5b8def" };

    public static Tagging Tag(AppDbContext db, long transcript, long block, string text, int start, int end, Label label, string user)
    {
        var tagging = new Tagging
        {
            TranscriptId = transcript, BlockId = block, LabelId = label.Id, AppliedLabelName = label.Name, UserId = user,
            Start = start, End = end, Quote = text[start..end],
        };
        db.Taggings.Add(tagging);
        return tagging;
    }

    private static async Task<(long Transcript, long Block)> AddAsync(AppDbContext db, string title, string text, int? collection, string metadata)
    {
        var (id, blocks) = await SeedTranscripts.AddAsync(db, title,
            new SeedTranscripts.SeedMessage(MessageRoles.Assistant, null, new SeedTranscripts.SeedBlock(BlockKinds.Reasoning, text)));
        var transcript = await db.Transcripts.FindAsync(id);
        transcript!.CollectionId = collection;
        transcript.MetadataJson = metadata;
        await db.SaveChangesAsync();
        return (id, blocks[0]);
    }
}
