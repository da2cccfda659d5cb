using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TranscriptReader.Core.Discussion;

namespace TranscriptReader.Web.Pages.Discussion;

/// <summary>Recent discussion across the instance: the newest comments with links to their threads.</summary>
public sealed class IndexModel(ThreadReader threads) : PageModel
{
    public const int PageSize = 30;

    public RecentCommentsPage Recent { get; private set; } = null!;

    // "page" is also the route value naming the Razor page, so the query parameter is bound explicitly.
    public async Task OnGetAsync([FromQuery(Name = "page")] int pageNumber = 1, CancellationToken ct = default) =>
        Recent = await threads.RecentAsync(Math.Clamp(pageNumber, 1, 100_000), PageSize, ct);
}
