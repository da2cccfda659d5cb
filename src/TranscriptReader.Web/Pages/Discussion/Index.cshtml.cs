using Microsoft.AspNetCore.Mvc.RazorPages;
using TranscriptReader.Core.Discussion;

namespace TranscriptReader.Web.Pages.Discussion;

/// <summary>Recent discussion across the instance: the newest comments with links to their threads.</summary>
public sealed class IndexModel(DiscussionService discussion) : PageModel
{
    public const int PageSize = 30;

    public RecentCommentsPage Recent { get; private set; } = null!;

    public async Task OnGetAsync(int page = 1, CancellationToken ct = default) =>
        Recent = await discussion.RecentAsync(Math.Clamp(page, 1, 100_000), PageSize, ct);
}
