using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Data;

namespace TranscriptReader.Bench;

/// <summary>
/// Signs a seeded reader in through the login form, as a browser would, so load can be measured with the
/// login cookie readers really send (not a bearer token, whose lookup is the API's cost).
/// </summary>
public static partial class ReaderLogin
{
    private const string Password = "bench reader password";

    /// <summary>A "Cookie: ..." header for wrk; checked to make <paramref name="checkPath"/> render for the reader.</summary>
    public static async Task<string> CookieHeaderAsync(Uri baseAddress, string cs, string userName, string checkPath)
    {
        await using (var db = DbSetup.CreateContext(cs))
        {
            var user = await db.Users.SingleAsync(u => u.UserName == userName);
            user.PasswordHash = new PasswordHasher<AppUser>().HashPassword(user, Password);
            await db.SaveChangesAsync();
        }
        var cookies = new CookieContainer();
        using var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { BaseAddress = baseAddress };
        var form = await http.GetStringAsync("/Account/Login");
        var token = Token().Match(form) is { Success: true } m
            ? WebUtility.HtmlDecode(m.Groups[1].Value)
            : throw new InvalidOperationException("The login page has no antiforgery token.");
        string email;
        await using (var db = DbSetup.CreateContext(cs))
        {
            email = await db.Users.Where(u => u.UserName == userName).Select(u => u.Email!).SingleAsync();
        }
        using var login = await http.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Data.Email"] = email,
            ["Data.Password"] = Password,
            ["__RequestVerificationToken"] = token,
        }));
        if (login.StatusCode != HttpStatusCode.Redirect || login.Headers.Location is not { } next)
        {
            throw new InvalidOperationException($"Signing in {userName} answered {(int)login.StatusCode}, not a redirect.");
        }
        // Follow the redirect as a browser would, so a one-time message (TempData cookie) is shown and cleared
        // instead of riding along on every measured request.
        (await http.GetAsync(next)).EnsureSuccessStatusCode();
        var header = "Cookie: " + cookies.GetCookieHeader(baseAddress);
        using var check = new HttpRequestMessage(HttpMethod.Get, checkPath);
        check.Headers.Add("Cookie", cookies.GetCookieHeader(baseAddress));
        using var page = await new HttpClient { BaseAddress = baseAddress }.SendAsync(check);
        if (!SignedInPageData().IsMatch(await page.Content.ReadAsStringAsync()))
        {
            throw new InvalidOperationException($"{checkPath} did not render for the signed-in reader.");
        }
        return header;
    }

    [GeneratedRegex("id=\"tr-page\">[^<]*\"userId\":\"")]
    private static partial Regex SignedInPageData();

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
