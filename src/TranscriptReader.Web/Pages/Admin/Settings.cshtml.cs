using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Auditing;
using TranscriptReader.Web.Accounts;
using TranscriptReader.Web.Outcomes;

namespace TranscriptReader.Web.Pages.Admin;

/// <summary>Instance settings: who may read, who may register, private import URLs. Rules fixed by the environment are shown locked.</summary>
public sealed class SettingsModel(InstanceSettings settings, AccessPolicyCache access, UserManager<AppUser> users) : PageModel
{
    public bool AllowPrivateUrls { get; private set; }
    public AccessPolicy Access { get; private set; } = AccessPolicy.Default;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(bool allowPrivateUrls, string? readAccess, string? registration, CancellationToken ct)
    {
        var actor = users.GetUserId(User)!;
        var current = await settings.GetAccessAsync(ct);
        var read = readAccess is null ? current.Read : AccessNames.ParseRead(readAccess);
        var register = registration is null ? current.Registration : AccessNames.ParseRegistration(registration);
        if (read is null || register is null)
        {
            await LoadAsync(ct);
            return this.Show(Core.Outcomes.Failure.Invalid("Choose who may read (everyone, signed-in) and who may register (open, invitation, closed)."));
        }
        var changed = await settings.SetAccessAsync(actor, read.Value, register.Value, ct);
        access.Invalidate();
        if (changed.Failure is { } failure)
        {
            await LoadAsync(ct);
            return this.Show(failure);
        }
        await settings.SetFlagAsync(actor, InstanceSettings.AllowPrivateImportUrls, allowPrivateUrls, ct);
        TempData["Flash"] = "Settings saved.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        AllowPrivateUrls = await settings.GetFlagAsync(InstanceSettings.AllowPrivateImportUrls, ct);
        Access = await settings.GetAccessAsync(ct);
    }
}
