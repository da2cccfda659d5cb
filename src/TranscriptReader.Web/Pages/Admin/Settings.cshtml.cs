using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Auditing;

namespace TranscriptReader.Web.Pages.Admin;

public sealed class SettingsModel(InstanceSettings settings, UserManager<AppUser> users) : PageModel
{
    public bool AllowPrivateUrls { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) =>
        AllowPrivateUrls = await settings.GetFlagAsync(InstanceSettings.AllowPrivateImportUrls, ct);

    public async Task<IActionResult> OnPostAsync(bool allowPrivateUrls, CancellationToken ct)
    {
        await settings.SetFlagAsync(users.GetUserId(User)!, InstanceSettings.AllowPrivateImportUrls, allowPrivateUrls, ct);
        TempData["Flash"] = "Settings saved.";
        return RedirectToPage();
    }
}
