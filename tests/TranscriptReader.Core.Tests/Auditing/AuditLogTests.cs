using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Auditing;
using TranscriptReader.Core.Tests.Discussion;
using TranscriptReader.Core.Tests.Labels;
using TranscriptReader.Core.Tests.Support;
using TranscriptReader.Testing;

namespace TranscriptReader.Core.Tests.Auditing;

/// <summary>The audit log only adds; each audited write saves its change and its entry itself.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class AuditLogTests(TestDatabase database) : IAsyncLifetime
{
    public Task InitializeAsync() => database.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<int> StoredEntriesAsync()
    {
        await using var check = database.CreateContext();
        return await check.AuditEntries.CountAsync();
    }

    [Fact]
    public async Task Adding_an_entry_writes_nothing_until_the_caller_saves()
    {
        await using var db = database.CreateContext();
        var actor = await DiscussionSeed.UserAsync(db, "Mod");

        new AuditLog(db, TimeProvider.System).Add(actor, "test.action", "thing", "42", new { why = "because" });

        Assert.Equal(0, await StoredEntriesAsync());
        Assert.True(db.ChangeTracker.HasChanges());
        await db.SaveChangesAsync();
        await using var check = database.CreateContext();
        var entry = await check.AuditEntries.SingleAsync();
        Assert.Equal((actor, "test.action", "thing", "42"), (entry.ActorId, entry.Action, entry.TargetType, entry.TargetId));
        Assert.Contains("because", entry.DetailsJson);
    }

    [Fact]
    public async Task A_setting_change_is_stored_with_its_audit_entry()
    {
        await using var db = database.CreateContext();
        var admin = await DiscussionSeed.UserAsync(db, "Admin");
        var settings = new InstanceSettings(db, new AuditLog(db, TimeProvider.System));

        await settings.SetFlagAsync(admin, InstanceSettings.AllowPrivateImportUrls, true);

        await using var check = database.CreateContext();
        Assert.True(await new InstanceSettings(check, new AuditLog(check, TimeProvider.System)).GetFlagAsync(InstanceSettings.AllowPrivateImportUrls));
        var entry = await check.AuditEntries.SingleAsync();
        Assert.Equal(("setting.change", InstanceSettings.AllowPrivateImportUrls, admin), (entry.Action, entry.TargetId, entry.ActorId));
    }

    [Fact]
    public async Task A_label_edit_and_its_audit_entry_are_one_save()
    {
        await new LabelSeed(database).InitAsync("mod");
        int labelId;
        await using (var db = database.CreateContext())
        {
            labelId = (await LabelSeed.Catalog(db).CreateAsync("mod", "goal guarding", "#112233")).Value.Label.Id;
        }
        var saves = new SaveRecorder();

        await using (var db = saves.CreateContext(database))
        {
            Assert.True((await LabelSeed.Catalog(db).RecolorAsync("mod", labelId, "#445566")).Ok);
        }

        var save = Assert.Single(saves.Saves);
        Assert.True(save.Succeeded);
        Assert.Equal(["AuditEntry Added", "Label Modified"], save.Entries);
        await using var check = database.CreateContext();
        Assert.Equal("#445566", await check.Labels.Where(l => l.Id == labelId).Select(l => l.Color).SingleAsync());
        Assert.Equal(["label.create", "label.recolor"], await check.AuditEntries.OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
    }
}
