using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using TranscriptReader.Core.Agreement;
using TranscriptReader.Web.Tests.Support;

namespace TranscriptReader.Web.Tests.Agreement;

/// <summary>
/// The /Agreement figures are cached per app node (<see cref="AgreementCache"/>): the same result object is served
/// while nothing relevant changed, and a done mark, a tagging or a merge committed by anyone — here written
/// straight to the database, as another node would — makes the next request compute new figures.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class AgreementCacheTests(AppFactory app) : IAsyncLifetime
{
    private AgreementWorld world = null!;

    public async Task InitializeAsync() => world = await AgreementWorld.CreateAsync(app);

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<AgreementOverview> OverviewAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AgreementService>().OverviewAsync(AgreementFilter.None);
    }

    private static double? Alpha(AgreementOverview overview, string label) => overview.Labels.Single(l => l.Label.Name == label).Alpha;

    [Fact]
    public async Task The_cached_figures_are_served_until_a_done_mark_a_tagging_or_a_merge_is_committed()
    {
        var first = await OverviewAsync();
        Assert.Equal(0.125, Alpha(first, "goal guarding")!.Value, 12);
        // Served from the cache: so the changes below really test its invalidation, not a recomputation.
        Assert.Same(first, await OverviewAsync());

        await using (var db = app.CreateDbContext())
        {
            var cy = await SeedTranscripts.AddUserAsync(db, "cy");
            db.DoneMarks.Add(new DoneMark { TranscriptId = world.T1, UserId = cy });
            await db.SaveChangesAsync();
        }
        var done = await OverviewAsync();
        Assert.NotSame(first, done);
        // A third coder who tagged nothing: α = 1 − 11·3/32 (as in AgreementApiTests).
        Assert.Equal(1 - 11 * 3.0 / 32, Alpha(done, "goal guarding")!.Value, 12);
        Assert.Same(done, await OverviewAsync());

        await using (var db = app.CreateDbContext())
        {
            AgreementWorld.Tag(db, world.T1, world.T1Block, AgreementWorld.T1Text, 6, 7, world.Sycophancy, world.Ada);
            await db.SaveChangesAsync();
        }
        var tagged = await OverviewAsync();
        Assert.NotSame(done, tagged);
        Assert.NotNull(Alpha(tagged, "sycophancy"));
        Assert.Equal(Alpha(done, "goal guarding"), Alpha(tagged, "goal guarding"));

        // Merging goal guarding into sycophancy: the target now counts both labels' taggings.
        var merge = await world.Researcher.Http.PostAsJsonAsync("/api/v1/labels/merge", new { sourceIds = new[] { world.Goal.Id }, targetId = world.Sycophancy.Id });
        Assert.Equal(HttpStatusCode.OK, merge.StatusCode);
        var merged = await OverviewAsync();
        Assert.NotSame(tagged, merged);
        Assert.DoesNotContain(merged.Labels, l => l.Label.Name == "goal guarding");
        Assert.NotEqual(Alpha(tagged, "sycophancy"), Alpha(merged, "sycophancy"));
    }
}
