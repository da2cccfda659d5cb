using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Npgsql;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Web.Tests.Support;
using Xunit.Abstractions;

namespace TranscriptReader.Web.Tests.Api;

/// <summary>
/// Every operation of the OpenAPI document, and every form of every page, with hostile values: NUL, lone surrogates,
/// invalid UTF-8, 10,000-deep JSON, numbers past any integer, Markdown bombs, and the Big List of Naughty Strings.
/// Never a 5xx; a 4xx stores nothing (the main tables' row counts are unchanged); and text that breaks the text
/// rule is refused everywhere (never stored on a 2xx). Rate limits are lifted so that a 429 cannot hide an answer.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class HostileInputSweepTests(AppFactory app, ITestOutputHelper output) : IAsyncLifetime
{
    private const string AdminEmail = "sweep@example.org";
    private const string CountsSql = """
        SELECT (SELECT count(*) FROM transcripts) || ' transcripts ' || (SELECT count(*) FROM messages) || ' messages '
            || (SELECT count(*) FROM blocks) || ' blocks ' || (SELECT count(*) FROM taggings) || ' taggings '
            || (SELECT count(*) FROM votes) || ' votes ' || (SELECT count(*) FROM comments) || ' comments '
            || (SELECT count(*) FROM comment_revisions) || ' revisions ' || (SELECT count(*) FROM labels) || ' labels '
            || (SELECT count(*) FROM label_aliases) || ' aliases ' || (SELECT count(*) FROM label_merges) || ' merges '
            || (SELECT count(*) FROM collections) || ' collections ' || (SELECT count(*) FROM source_files) || ' files '
            || (SELECT count(*) FROM audit_entries) || ' audit ' || (SELECT count(*) FROM "AspNetUsers") || ' users '
            || (SELECT count(*) FROM api_tokens) || ' tokens ' || (SELECT count(*) FROM app_settings) || ' settings '
            || (SELECT coalesce(sum(length(body)), 0) FROM comments) || ' comment chars '
            || (SELECT coalesce(sum(length(name) + length(description)), 0) FROM labels) || ' label chars '
        """;

    private static readonly HtmlParser Html = new();

    private ExtraInstance instance = null!;
    private HttpClient api = null!;
    private NpgsqlConnection counts = null!;
    private readonly List<string> failures = [];
    private readonly Dictionary<string, string> ids = [];
    private int requests;
    private int leavers;
    private string? lastCounts;

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        instance = new ExtraInstance(app.Database.ConnectionString, ExtraInstance.UnlimitedRates);
        var (_, token) = await instance.AccountWithTokenAsync(AdminEmail, "Sweeper", Roles.Admin);
        api = instance.BearerClient(token);
        counts = new NpgsqlConnection(app.Database.ConnectionString);
        await counts.OpenAsync();
        await SeedAsync();
    }

    public async Task DisposeAsync()
    {
        await counts.DisposeAsync();
        await instance.DisposeAsync();
    }

    /// <summary>A transcript, two labels with a merge, a tagging with a vote and a comment: real ids for the paths.</summary>
    private async Task SeedAsync()
    {
        await using var db = app.CreateDbContext();
        var (transcriptId, blocks) = await SeedTranscripts.AddAsync(db, "sweep",
            new SeedTranscripts.SeedMessage("assistant", null, new SeedTranscripts.SeedBlock("reasoning", "I should keep my values intact during training.")));
        var first = await Json(await api.PostAsJsonAsync("/api/v1/labels", new { name = "goal guarding" }));
        var second = await Json(await api.PostAsJsonAsync("/api/v1/labels", new { name = "doubts" }));
        var tagging = await Json(await api.PostAsJsonAsync("/api/v1/taggings", new { blockId = blocks[0], start = 0, end = 8, label = "goal guarding" }));
        var comment = await Json(await api.PostAsJsonAsync("/api/v1/comments", new { taggingId = tagging.GetProperty("id").GetInt64(), body = "first" }));
        var merge = await Json(await api.PostAsJsonAsync("/api/v1/labels/merge", new { sourceIds = new[] { second.GetProperty("id").GetInt32() }, targetId = first.GetProperty("id").GetInt32() }));
        ids["transcript"] = transcriptId.ToString(CultureInfo.InvariantCulture);
        ids["block"] = blocks[0].ToString(CultureInfo.InvariantCulture);
        ids["label"] = first.GetProperty("id").GetInt32().ToString(CultureInfo.InvariantCulture);
        ids["tagging"] = tagging.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture);
        ids["comment"] = comment.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture);
        ids["merge"] = merge.GetProperty("mergeId").GetInt64().ToString(CultureInfo.InvariantCulture);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).Clone();
    }

    private async Task<string> CountsAsync()
    {
        await using var command = new NpgsqlCommand(CountsSql, counts);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Sends, then checks: no 5xx, nothing stored on a 4xx, dirty text never accepted.</summary>
    private async Task<HttpResponseMessage> CheckAsync(HttpClient client, HttpRequestMessage request, string what, bool dirty)
    {
        // Requests run one at a time, so the counts after one request are the counts before the next.
        var before = lastCounts ??= await CountsAsync();
        var response = await client.SendAsync(request);
        requests++;
        var status = (int)response.StatusCode;
        var label = $"{request.Method} {Shorten(request.RequestUri?.OriginalString ?? "")} [{what}]";
        lastCounts = await CountsAsync();
        if (status >= 500)
        {
            var body = await response.Content.ReadAsStringAsync();
            failures.Add($"{label}: {status} {Shorten(body)}");
        }
        else if (status >= 400 && lastCounts != before)
        {
            failures.Add($"{label}: {status} but stored something ({before} → {lastCounts})");
        }
        else if (dirty && status is >= 200 and < 400)
        {
            failures.Add($"{label}: dirty text accepted with {status}");
        }
        return response;
    }

    private static string Shorten(string s) => s.Length <= 160 ? s : s[..160] + "…";

    /// <summary>Every hostile value once: the fixed ones for every input, the naughty strings spread over the inputs.</summary>
    private static List<HostileInput> ValuesFor(int input, IReadOnlyList<HostileInput> naughty, int inputs)
    {
        var share = (naughty.Count + inputs - 1) / inputs;
        return [.. HostileInput.Fixed, .. naughty.Skip(input * share).Take(share)];
    }

    [Fact]
    public async Task Every_api_operation_and_every_form_survives_hostile_input()
    {
        var watch = Stopwatch.StartNew();
        var naughty = HostileInput.NaughtyStrings();
        var document = JsonDocument.Parse(await api.GetStringAsync("/openapi/v1.json")).RootElement;
        var operations = Operations(document).OrderBy(o => o.Method == "DELETE").ThenBy(o => o.Path, StringComparer.Ordinal).ToList();
        Assert.True(operations.Count >= 15, $"only {operations.Count} operations in the OpenAPI document");

        var browser = instance.NewClient();
        Assert.Equal(HttpStatusCode.Redirect, (await browser.LoginAsync(AdminEmail)).StatusCode);
        var forms = await FormsAsync(browser.Http, instance.NewClient().Http);
        Assert.True(forms.Count >= 15, $"only {forms.Count} forms found");
        var inputs = operations.Count + forms.Count;

        for (var i = 0; i < operations.Count; i++)
        {
            await SweepOperationAsync(document, operations[i], ValuesFor(i, naughty, inputs));
        }
        output.WriteLine($"{operations.Count} operations, {requests} requests, {watch.ElapsedMilliseconds} ms");
        for (var i = 0; i < forms.Count; i++)
        {
            await SweepFormAsync(forms[i], ValuesFor(operations.Count + i, naughty, inputs));
        }
        output.WriteLine($"{forms.Count} forms, {requests} requests, {watch.ElapsedMilliseconds} ms");

        // What was stored must not break a page for anyone afterwards.
        foreach (var page in Pages().Concat([$"/Comments/{ids["comment"]}", $"/api/v1/threads?taggingId={ids["tagging"]}", $"/api/v1/threads?transcriptId={ids["transcript"]}", "/api/v1/labels"]))
        {
            foreach (var client in new[] { browser.Http, instance.NewClient().Http })
            {
                var response = await client.GetAsync(page);
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"GET {page} afterwards: {(int)response.StatusCode}");
                }
            }
        }
        output.WriteLine($"done in {watch.ElapsedMilliseconds} ms");
        Assert.True(failures.Count == 0, $"{failures.Count} failures:\n" + string.Join("\n", failures.Take(40)));
    }

    private sealed record Operation(string Method, string Path, JsonElement Spec);

    private static IEnumerable<Operation> Operations(JsonElement document)
    {
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var op in path.Value.EnumerateObject().Where(o => o.Value.ValueKind == JsonValueKind.Object && o.Name != "parameters"))
            {
                yield return new Operation(op.Name.ToUpperInvariant(), path.Name, op.Value);
            }
        }
    }

    private string IdFor(string path) =>
        path.Contains("/taggings", StringComparison.Ordinal) ? ids["tagging"]
        : path.Contains("/comments", StringComparison.Ordinal) ? ids["comment"]
        : path.Contains("/merges", StringComparison.Ordinal) ? ids["merge"]
        : path.Contains("/labels", StringComparison.Ordinal) ? ids["label"]
        : ids["transcript"];

    private string ValidFor(string name, string path) => name switch
    {
        "blockId" => ids["block"],
        "taggingId" => ids["tagging"],
        "transcriptId" => ids["transcript"],
        "parentId" => ids["comment"],
        "targetId" or "sourceIds" => ids["label"],
        "value" => "1",
        "start" => "0",
        "end" => "8",
        _ => IdFor(path),
    };

    private async Task SweepOperationAsync(JsonElement document, Operation op, List<HostileInput> values)
    {
        var parameters = op.Spec.TryGetProperty("parameters", out var p) ? p.EnumerateArray().ToList() : [];
        var query = parameters.Where(x => x.GetProperty("in").GetString() == "query").ToList();
        JsonElement? body = op.Spec.TryGetProperty("requestBody", out var rb) && rb.GetProperty("content").TryGetProperty("application/json", out var json)
            ? Resolve(document, json.GetProperty("schema"))
            : null;
        var isImport = op.Method == "POST" && op.Path == "/api/v1/transcripts";
        string Url(string? pathValue, HostileInput? queryValue)
        {
            var path = op.Path;
            foreach (var parameter in parameters.Where(x => x.GetProperty("in").GetString() == "path"))
            {
                path = path.Replace("{" + parameter.GetProperty("name").GetString() + "}", pathValue ?? IdFor(op.Path), StringComparison.Ordinal);
            }
            var pairs = query.Select(q =>
            {
                var name = q.GetProperty("name").GetString()!;
                var numeric = IsNumeric(Resolve(document, q.GetProperty("schema")));
                return name + "=" + (queryValue is null ? (numeric ? ValidFor(name, op.Path) : "x") : numeric ? ValidFor(name, op.Path) : queryValue.UrlEncoded());
            });
            var q = string.Join("&", pairs);
            return q.Length == 0 ? path : path + "?" + q;
        }

        // %00 in a path never reaches the app: the server's decoder refuses it (Kestrel answers 400, the test server throws).
        foreach (var pathValue in new[] { "99999999999999999999", "-1", "%FF", "%ED%A0%80" }.Where(_ => op.Path.Contains('{', StringComparison.Ordinal)))
        {
            await CheckAsync(api, Request(op.Method, Url(pathValue, null), body is null ? null : JsonBody(document, body.Value, values[^1], valid: true)), "path " + pathValue, dirty: false);
        }
        foreach (var value in values)
        {
            if (query.Count > 0)
            {
                // Every text parameter hostile, with a valid body: the query string path to the database.
                await CheckAsync(api, Request(op.Method, Url(null, value), body is null ? null : JsonBody(document, body.Value, HostileInput.Text("plain", "plain"), valid: true)),
                    "query " + value.Name, value.Dirty);
            }
            if (value.Dirty)
            {
                // A parameter the operation does not know is text that enters too: the rule holds for it.
                var url = Url(null, null);
                await CheckAsync(api, Request(op.Method, url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "zz=" + value.UrlEncoded(), null),
                    "unknown parameter " + value.Name, dirty: true);
            }
            if (body is { } schema)
            {
                await CheckAsync(api, Request(op.Method, Url(null, null), JsonBody(document, schema, value, valid: true)), "body strings " + value.Name, value.Dirty);
            }
            if (isImport)
            {
                await CheckAsync(api, Request(op.Method, Url(null, null), ImportForm(value, collection: false)), "import form " + value.Name, value.Dirty);
                await CheckAsync(api, Request(op.Method, "/api/v1/transcripts?filename=" + value.UrlEncoded(),
                    new StringContent(Fixtures.PlainText + value.Name, Encoding.UTF8, "text/plain")), "import file name " + value.Name, value.Dirty);
                if (value.Dirty)
                {
                    await CheckAsync(api, Request(op.Method, Url(null, null), ImportForm(value, collection: true)), "import collection " + value.Name, dirty: true);
                }
            }
        }
        if (body is { } bodySchema)
        {
            await CheckAsync(api, Request(op.Method, Url(null, null), JsonBody(document, bodySchema, HostileInput.Text("plain", "plain"), valid: false)), "huge numbers", dirty: false);
            foreach (var (name, raw) in HostileInput.Bodies)
            {
                await CheckAsync(api, Request(op.Method, Url(null, null), JsonContent(raw)), name, dirty: false);
            }
        }
    }

    private static bool LeftOut(string property) => property is "color" or "quote" or "taggingId" or "parentId";

    private static HttpRequestMessage Request(string method, string url, HttpContent? content) =>
        new(new HttpMethod(method), url) { Content = content };

    private static ByteArrayContent JsonContent(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static JsonElement Resolve(JsonElement document, JsonElement schema) =>
        schema.TryGetProperty("$ref", out var reference)
            ? document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1])
            : schema;

    private static IEnumerable<string> Types(JsonElement schema) =>
        !schema.TryGetProperty("type", out var type) ? []
        : type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!)
        : [type.GetString()!];

    private static bool IsNumeric(JsonElement schema) => Types(schema).Any(t => t is "integer" or "number");

    /// <summary>
    /// A body for <paramref name="schema"/>: every string (and untyped value) <paramref name="value"/>, numbers valid
    /// ids for the seeded data, or, when not <paramref name="valid"/>, past any integer.
    /// </summary>
    private ByteArrayContent JsonBody(JsonElement document, JsonElement schema, HostileInput value, bool valid)
    {
        var bytes = new List<byte>();
        void Write(JsonElement s, string name, int depth)
        {
            s = Resolve(document, s);
            var types = Types(s).ToList();
            if (s.TryGetProperty("properties", out var properties) && depth < 4)
            {
                bytes.Add((byte)'{');
                var first = true;
                foreach (var property in properties.EnumerateObject())
                {
                    if (!first)
                    {
                        bytes.Add((byte)',');
                    }
                    first = false;
                    bytes.AddRange(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(property.Name) + ":"));
                    if (LeftOut(property.Name))
                    {
                        // Checked before the text is (a color, the quote, a second thread): null lets the value reach the store.
                        bytes.AddRange("null"u8.ToArray());
                        continue;
                    }
                    Write(property.Value, property.Name, depth + 1);
                }
                bytes.Add((byte)'}');
            }
            else if (types.Contains("array") && s.TryGetProperty("items", out var items) && depth < 4)
            {
                bytes.Add((byte)'[');
                Write(items, name, depth + 1);
                bytes.Add((byte)']');
            }
            else if (types.Contains("integer") || types.Contains("number"))
            {
                bytes.AddRange(Encoding.ASCII.GetBytes(valid ? ValidFor(name, "") : "99999999999999999999"));
            }
            else if (types.Contains("boolean"))
            {
                bytes.AddRange("true"u8.ToArray());
            }
            else
            {
                bytes.AddRange(value.JsonLiteral());
            }
        }
        Write(schema, "", 0);
        return JsonContent([.. bytes]);
    }

    /// <summary>The import's multipart form with the value as the file's name (as sent, RFC 5987), the pasted text and its title.</summary>
    private static ByteArrayContent ImportForm(HostileInput value, bool collection)
    {
        var body = new List<byte>();
        void Part(string disposition, byte[] content)
        {
            body.AddRange(Encoding.ASCII.GetBytes("--sweep\r\nContent-Disposition: form-data; " + disposition + "\r\n\r\n"));
            body.AddRange(content);
            body.AddRange("\r\n"u8.ToArray());
        }
        Part("name=\"files\"; filename=\"upload.txt\"; filename*=UTF-8''" + value.UrlEncoded(), Encoding.UTF8.GetBytes(Fixtures.PlainText + value.Name));
        foreach (var field in collection ? ["collection"] : new[] { "title", "text" })
        {
            Part($"name=\"{field}\"", value.Bytes);
        }
        body.AddRange("--sweep--\r\n"u8.ToArray());
        var content = new ByteArrayContent([.. body]);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=sweep");
        return content;
    }

    private IEnumerable<string> Pages() =>
    [
        "/", "/Transcripts", $"/Transcripts/{ids["transcript"]}", $"/Transcripts/{ids["transcript"]}/Discussion", $"/Taggings/{ids["tagging"]}",
        "/Discussion", "/Labels", "/Labels/Create", $"/Labels/{ids["label"]}", $"/Labels/Edit/{ids["label"]}",
        $"/Labels/Merge?sources={ids["label"]}", "/Labels/Duplicates", "/Export", "/Audit", "/Transcripts/Import", "/Admin/Users",
        "/Admin/Settings", "/Admin/Imports", "/Account/Manage", "/Account/Login", "/Account/Register",
    ];

    private sealed record FormField(string Name, string Value, bool Text, bool File);

    private sealed record PageForm(HttpClient Client, string Page, string Method, string Action, bool Multipart, IReadOnlyList<FormField> Fields)
    {
        /// <summary>Log out everywhere and delete the account: swept as a reader of their own, not as the admin.</summary>
        public bool EndsSession => Action.Contains("handler=LogOutEverywhere", StringComparison.Ordinal)
            || Action.Contains("handler=Delete", StringComparison.Ordinal) && Page == "/Account/Manage";
    }

    /// <summary>The forms of every page (one of each kind), signed in as the admin, and the sign-in pages' as a stranger.</summary>
    private async Task<List<PageForm>> FormsAsync(HttpClient admin, HttpClient anonymous)
    {
        var forms = new Dictionary<string, PageForm>(StringComparer.Ordinal);
        foreach (var page in Pages())
        {
            var client = page.StartsWith("/Account/Log", StringComparison.Ordinal) || page == "/Account/Register" ? anonymous : admin;
            var response = await client.GetAsync(page);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {page}: {(int)response.StatusCode}");
            var document = Html.ParseDocument(await response.Content.ReadAsStringAsync());
            foreach (var form in document.QuerySelectorAll("form").OfType<IHtmlFormElement>())
            {
                var action = form.GetAttribute("action") is { Length: > 0 } a ? a : page;
                if (action.StartsWith("/Account/Logout", StringComparison.Ordinal))
                {
                    continue;
                }
                var fields = form.QuerySelectorAll("input[name], textarea[name], select[name]").Select(Field).ToList();
                var method = (form.GetAttribute("method") ?? "get").ToUpperInvariant();
                var key = method + " " + action.Split('#')[0] + " " + string.Join(",", fields.Select(f => f.Name).Order(StringComparer.Ordinal));
                forms.TryAdd(key, new PageForm(client, page, method, action, form.Enctype == "multipart/form-data", fields));
            }
        }
        return [.. forms.Values];
    }

    private static FormField Field(IElement element)
    {
        var name = element.GetAttribute("name")!;
        return element switch
        {
            IHtmlTextAreaElement area => new FormField(name, area.Value, Text: true, File: false),
            IHtmlSelectElement select => new FormField(name, select.Options.FirstOrDefault()?.Value ?? "", Text: false, File: false),
            IHtmlInputElement input => new FormField(name, input.Value, Text: input.Type is "text" or "search" or "email" or "password" or "url" or "number" or "date",
                File: input.Type == "file"),
            _ => new FormField(name, "", Text: true, File: false),
        };
    }

    private async Task SweepFormAsync(PageForm form, List<HostileInput> values)
    {
        if (form.EndsSession)
        {
            // Its own reader, and the values that must be refused first: the first accepted one may end the
            // session, after which every request is a redirect to the login page.
            var email = $"leaver{++leavers}@example.org";
            await instance.AccountWithTokenAsync(email, "Leaver " + leavers);
            var leaver = instance.NewClient();
            Assert.Equal(HttpStatusCode.Redirect, (await leaver.LoginAsync(email)).StatusCode);
            form = form with { Client = leaver.Http };
            lastCounts = null;
            values = [.. values.OrderByDescending(v => v.Dirty)];
        }
        var hasText = form.Fields.Any(f => f.Text || f.File);
        var token = await TokenAsync(form);
        foreach (var value in values)
        {
            // Text fields hostile, hidden ones (ids) as the page wrote them: the value reaches the handler.
            if (hasText)
            {
                await PostFormAsync(form, token, value, hiddenToo: false);
            }
            // Everything hostile but the antiforgery token: forms of hidden fields only, and two of the text rule's values.
            if (!hasText || value.Name is "NUL" or "byte 0xFF")
            {
                await PostFormAsync(form, token, value, hiddenToo: true);
            }
        }
    }

    private static async Task<string> TokenAsync(PageForm form)
    {
        var page = Html.ParseDocument(await (await form.Client.GetAsync(form.Page)).Content.ReadAsStringAsync());
        return page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value") ?? "";
    }

    private async Task PostFormAsync(PageForm form, string token, HostileInput value, bool hiddenToo)
    {
        string Encoded(FormField f) =>
            f.Name == "__RequestVerificationToken" ? Uri.EscapeDataString(token)
            : f.Text || hiddenToo ? value.UrlEncoded()
            : Uri.EscapeDataString(f.Value);
        var what = $"{form.Page} form {(hiddenToo ? "all fields" : "text fields")} {value.Name}";
        // A form of nothing but the antiforgery token (log out everywhere) sends no value, so nothing to refuse.
        var dirty = value.Dirty && form.Fields.Any(f => f.Name != "__RequestVerificationToken" && (f.Text || f.File || hiddenToo));
        if (form.Method == "GET")
        {
            var query = string.Join("&", form.Fields.Where(f => !f.File).Select(f => f.Name + "=" + Encoded(f)));
            await CheckAsync(form.Client, Request("GET", form.Action + (form.Action.Contains('?') ? "&" : "?") + query, null), what, dirty);
            return;
        }
        HttpContent content;
        if (form.Multipart)
        {
            var body = new List<byte>();
            foreach (var f in form.Fields)
            {
                var disposition = f.File
                    ? $"name=\"{f.Name}\"; filename=\"upload.txt\"; filename*=UTF-8''{value.UrlEncoded()}"
                    : $"name=\"{f.Name}\"";
                body.AddRange(Encoding.ASCII.GetBytes("--sweep\r\nContent-Disposition: form-data; " + disposition + "\r\n\r\n"));
                body.AddRange(f.File ? Encoding.UTF8.GetBytes(Fixtures.PlainText + value.Name)
                    : f.Name == "__RequestVerificationToken" ? Encoding.ASCII.GetBytes(token)
                    : f.Text || hiddenToo ? value.Bytes : Encoding.UTF8.GetBytes(f.Value));
                body.AddRange("\r\n"u8.ToArray());
            }
            body.AddRange("--sweep--\r\n"u8.ToArray());
            var multipart = new ByteArrayContent([.. body]);
            multipart.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=sweep");
            content = multipart;
        }
        else
        {
            content = new StringContent(string.Join("&", form.Fields.Select(f => f.Name + "=" + Encoded(f))), Encoding.ASCII, "application/x-www-form-urlencoded");
            content.Headers.ContentType!.CharSet = null;
        }
        await CheckAsync(form.Client, Request("POST", form.Action, content), what, dirty);
    }
}
