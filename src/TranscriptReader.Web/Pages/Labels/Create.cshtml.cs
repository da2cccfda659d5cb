using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Labels;
using TranscriptReader.Web.Outcomes;
using TranscriptReader.Web.Setup;

namespace TranscriptReader.Web.Pages.Labels;

[Authorize(Policy = AuthSetup.ModeratorPolicy)]
public sealed class CreateModel(LabelCatalog catalog, LabelDirectory directory, UserManager<AppUser> users) : PageModel
{
    public sealed record Input(string? Name, string? Color, string? Description);

    [BindProperty]
    public Input Data { get; set; } = new(null, null, null);

    /// <summary>The picker starts on the colour a label made now would get automatically (farthest from those in use).</summary>
    public async Task OnGetAsync(CancellationToken ct) => Data = Data with { Color = await directory.NewColorAsync(ct) };

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var outcome = await catalog.CreateAsync(users.GetUserId(User)!, Data.Name ?? "", Data.Color, Data.Description, ct);
        if (!outcome.TryGet(out var saved, out var failure))
        {
            return this.Show(failure);
        }
        TempData["Flash"] = saved.Created ? $"Created '{saved.Label.Name}'." : $"'{saved.Label.Name}' already exists; here it is.";
        return Redirect($"/Labels/{saved.Label.Id}");
    }
}
