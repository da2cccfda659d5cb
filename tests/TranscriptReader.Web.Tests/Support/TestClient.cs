using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace TranscriptReader.Web.Tests.Support;

/// <summary>An HTTP client that behaves like a browser for forms: keeps cookies and posts antiforgery tokens.</summary>
public sealed class TestClient(HttpClient http)
{
    private static readonly HtmlParser Parser = new();

    public HttpClient Http { get; } = http;

    public async Task<(HttpResponseMessage Response, IHtmlDocument Document)> GetPageAsync(string url)
    {
        var response = await Http.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        return (response, Parser.ParseDocument(html));
    }

    public async Task<string> AntiforgeryTokenAsync(string url)
    {
        var (_, doc) = await GetPageAsync(url);
        var input = doc.QuerySelector("input[name=__RequestVerificationToken]") as IHtmlInputElement
            ?? throw new InvalidOperationException($"No antiforgery token on {url}");
        return input.Value;
    }

    /// <summary>Loads <paramref name="pageUrl"/> for its antiforgery token, then posts the fields to <paramref name="postUrl"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string pageUrl, string postUrl, IDictionary<string, string> fields)
    {
        var token = await AntiforgeryTokenAsync(pageUrl);
        var all = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token };
        return await Http.PostAsync(postUrl, new FormUrlEncodedContent(all));
    }

    public Task<HttpResponseMessage> RegisterAsync(string email, string name, string password = "correct horse battery") =>
        PostFormAsync("/Account/Register", "/Account/Register", new Dictionary<string, string>
        {
            ["Data.Email"] = email,
            ["Data.DisplayName"] = name,
            ["Data.Password"] = password,
            ["Data.ConfirmPassword"] = password,
        });

    public Task<HttpResponseMessage> LoginAsync(string email, string password = "correct horse battery") =>
        PostFormAsync("/Account/Login", "/Account/Login", new Dictionary<string, string>
        {
            ["Data.Email"] = email,
            ["Data.Password"] = password,
        });

    /// <summary>Creates a personal access token on the account page, as its owner would, and returns the secret.</summary>
    public async Task<string> CreateTokenAsync(string name = "tests")
    {
        var response = await PostFormAsync("/Account/Manage", "/Account/Manage?handler=CreateToken",
            new Dictionary<string, string> { ["tokenName"] = name });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = Parser.ParseDocument(await response.Content.ReadAsStringAsync());
        return doc.QuerySelector("input.token-secret")!.GetAttribute("value")!;
    }

    public void UseBearer(string token) => Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

    public async Task<T> GetJsonAsync<T>(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await Http.GetAsync(url);
        Assert.Equal(expected, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }
}
