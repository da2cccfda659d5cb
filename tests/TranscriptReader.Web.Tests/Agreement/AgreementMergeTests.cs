using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TranscriptReader.Web.Tests.Support;

namespace TranscriptReader.Web.Tests.Agreement;

/// <summary>
/// Label merges resolve taggings to the live label without rewriting them, and collapse a reader's duplicate
/// tagging (same span under source and target) without moving page versions; agreement follows both ways.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class AgreementMergeTests(AppFactory app) : IAsyncLifetime
{
    private AgreementWorld world = null!;
    private int oldName;
    private long adaGoal;

    public async Task InitializeAsync()
    {
        world = await AgreementWorld.CreateAsync(app);
        await using var db = app.CreateDbContext();
        // bo's "b c" is retagged under "Goal-guarding"; ada also applied that name to her own "a b".
        var old = AgreementWorld.NewLabel("Goal-guarding");
        db.Labels.Add(old);
        await db.SaveChangesAsync();
        oldName = old.Id;
        AgreementWorld.Tag(db, world.T1, world.T1Block, AgreementWorld.T1Text, 2, 5, old, world.Bo);
        AgreementWorld.Tag(db, world.T1, world.T1Block, AgreementWorld.T1Text, 0, 3, old, world.Ada);
        db.Taggings.RemoveRange(db.Taggings.Where(t => t.UserId == world.Bo && t.LabelId == world.Goal.Id));
        await db.SaveChangesAsync();
        adaGoal = db.Taggings.Single(t => t.UserId == world.Ada && t.LabelId == world.Goal.Id).Id;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<double> AlphaAsync(string label)
    {
        var response = await world.Researcher.Http.GetAsync("/api/v1/agreement?label=" + Uri.EscapeDataString(label));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var alpha = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement[0].GetProperty("alpha");
        Assert.Equal(JsonValueKind.Number, alpha.ValueKind);
        return alpha.GetDouble();
    }

    [Fact]
    public async Task Merging_counts_the_old_names_taggings_for_the_target_and_undo_separates_them_again()
    {
        // Apart: goal guarding is ada's "a b" alone (α = 1 − 7·2/(6·2)); Goal-guarding is ada "a b" and bo "b c".
        Assert.Equal(1 - 7 * 2.0 / 12, await AlphaAsync("goal guarding"), 12);
        Assert.Equal(0.125, await AlphaAsync("Goal-guarding"), 12);

        var merge = await world.Researcher.Http.PostAsJsonAsync("/api/v1/labels/merge", new { sourceIds = new[] { oldName }, targetId = world.Goal.Id });
        Assert.Equal(HttpStatusCode.OK, merge.StatusCode);
        var mergeId = (await merge.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("mergeId").GetInt64();
        Assert.Equal(0.125, await AlphaAsync("goal guarding"), 12);
        // The old name now selects the target.
        Assert.Equal(0.125, await AlphaAsync("Goal-guarding"), 12);

        // Any other write to t1 while merged (a vote) makes agreement read t1 again, without ada's collapsed duplicate.
        var vote = await world.Researcher.Http.PostAsJsonAsync($"/api/v1/taggings/{adaGoal}/vote", new { value = 1 });
        Assert.Equal(HttpStatusCode.OK, vote.StatusCode);
        Assert.Equal(0.125, await AlphaAsync("goal guarding"), 12);

        var undo = await world.Researcher.Http.PostAsync($"/api/v1/merges/{mergeId}/undo", null);
        Assert.Equal(HttpStatusCode.OK, undo.StatusCode);
        // The undo restored ada's Goal-guarding tagging without moving t1's page version.
        Assert.Equal(0.125, await AlphaAsync("Goal-guarding"), 12);
        Assert.Equal(1 - 7 * 2.0 / 12, await AlphaAsync("goal guarding"), 12);
    }
}
