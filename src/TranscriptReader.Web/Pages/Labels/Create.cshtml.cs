using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Labels;
using TranscriptReader.Web.Setup;

namespace TranscriptReader.Web.Pages.Labels;

[Authorize(Policy = AuthSetup.ModeratorPolicy)]
public sealed class CreateModel(LabelCatalog catalog, UserManager<AppUser> users) : PageModel
{
    public sealed record Input(string? Name, string? Color, string? Description);

    [BindProperty]
    public Input Data { get; set; } = new(null, null, null);

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await catalog.CreateAsync(users.GetUserId(User)!, Data.Name ?? "", Data.Color, Data.Description, ct);
        if (!result.Ok)
        {
            ModelState.AddModelError("", result.Error!);
            return Page();
        }
        TempData["Flash"] = result.Created ? $"Created '{result.Label!.Name}'." : $"'{result.Label!.Name}' already exists; here it is.";
        return Redirect($"/Labels/{result.Label.Id}");
    }
}
