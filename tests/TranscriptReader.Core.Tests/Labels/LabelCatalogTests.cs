using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Labels;
using TranscriptReader.Testing;

namespace TranscriptReader.Core.Tests.Labels;

[Collection(DatabaseCollection.Name)]
public sealed class LabelCatalogTests(TestDatabase database) : IAsyncLifetime
{
    private readonly LabelSeed seed = new(database);

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        await seed.InitAsync("mod");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Creating_a_name_that_differs_only_in_case_and_spacing_returns_the_existing_label()
    {
        await using var db = database.CreateContext();
        var catalog = LabelSeed.Catalog(db);
        var first = await catalog.CreateAsync("mod", "goal guarding", "#112233", "What counts.");

        var second = await catalog.CreateAsync("mod", "  Goal   Guarding ");

        Assert.True(first.Value.Created);
        Assert.False(second.Value.Created);
        Assert.Equal(first.Value.Label.Id, second.Value.Label.Id);
        Assert.Equal(1, await database.CreateContext().Labels.CountAsync());
        Assert.Equal(["label.create"], await database.CreateContext().AuditEntries.Select(a => a.Action).ToListAsync());
    }

    [Fact]
    public async Task Renaming_keeps_the_old_name_as_an_alias_and_renaming_back_removes_it()
    {
        await using var db = database.CreateContext();
        var catalog = LabelSeed.Catalog(db);
        var id = (await catalog.CreateAsync("mod", "goal guard")).Value.Label.Id;

        Assert.True((await catalog.RenameAsync("mod", id, "Goal guarding")).Ok);
        Assert.Equal(id, (await new LabelDirectory(database.CreateContext(), TimeProvider.System).FindAsync("GOAL GUARD"))!.Id);
        Assert.Equal(["goal guard"], await database.CreateContext().LabelAliases.Select(a => a.Alias).ToListAsync());

        Assert.True((await catalog.RenameAsync("mod", id, "goal guard")).Ok);
        Assert.Equal(["Goal guarding"], await database.CreateContext().LabelAliases.Select(a => a.Alias).ToListAsync());
    }

    [Fact]
    public async Task Renaming_onto_another_labels_name_is_refused()
    {
        await using var db = database.CreateContext();
        var catalog = LabelSeed.Catalog(db);
        await catalog.CreateAsync("mod", "sandbagging");
        var id = (await catalog.CreateAsync("mod", "sand bagging")).Value.Label.Id;

        var result = await catalog.RenameAsync("mod", id, "Sandbagging");

        Assert.Equal("Another label is already called 'Sandbagging'.", result.Failure?.Message);
    }

    [Fact]
    public async Task Colors_must_be_hex_and_shortcut_keys_single_characters_unique_among_labels()
    {
        await using var db = database.CreateContext();
        var catalog = LabelSeed.Catalog(db);
        var a = (await catalog.CreateAsync("mod", "alpha")).Value.Label.Id;
        var b = (await catalog.CreateAsync("mod", "beta")).Value.Label.Id;

        Assert.False((await catalog.RecolorAsync("mod", a, "red")).Ok);
        Assert.Equal("#aabbcc", (await catalog.RecolorAsync("mod", a, "#AABBCC")).Value.Label.Color);
        Assert.False((await catalog.SetShortcutAsync("mod", a, "ab")).Ok);
        Assert.Equal('g', (await catalog.SetShortcutAsync("mod", a, "G")).Value.Label.ShortcutKey);
        Assert.Contains("already the shortcut of 'alpha'", (await catalog.SetShortcutAsync("mod", b, "g")).Failure?.Message, StringComparison.Ordinal);
        Assert.Null((await catalog.SetShortcutAsync("mod", a, "")).Value.Label.ShortcutKey);
        Assert.True((await catalog.SetShortcutAsync("mod", b, "g")).Ok);
    }
}
