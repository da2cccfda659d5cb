using System.Net;
using CsvHelper;
using Microsoft.Extensions.DependencyInjection;
using TranscriptReader.Core.Exports;
using TranscriptReader.Web.Tests.Support;

namespace TranscriptReader.Web.Tests.Exports;

public sealed record CsvTable(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyDictionary<string, string>> Rows, string Raw);

public static class ExportTestSupport
{
    public static CsvTable ParseCsv(byte[] bytes)
    {
        using var reader = CsvReader.Create(bytes, CsvReaderOptions.Default);
        var rows = new List<IReadOnlyDictionary<string, string>>();
        while (reader.Read())
        {
            var header = reader.Headers;
            var row = new Dictionary<string, string>();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[header[i]] = reader.GetString(i);
            }
            rows.Add(row);
        }
        return new CsvTable([.. reader.Headers], rows, System.Text.Encoding.UTF8.GetString(bytes));
    }

    public static async Task<CsvTable> GetCsvAsync(TestClient client, string url)
    {
        var response = await client.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        return ParseCsv(await response.Content.ReadAsByteArrayAsync());
    }

    public static async Task<TestClient> SignedInClientAsync(AppFactory app, string name = "researcher")
    {
        var client = app.NewClient();
        var response = await client.RegisterAsync($"{name}@example.org", name);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public static Task<List<T>> RunAsync<T>(AppFactory app, Func<ExportService, IAsyncEnumerable<T>> export) =>
        app.WithScopeAsync(async sp => await export(sp.GetRequiredService<ExportService>()).ToListAsync());

    public static Task<ExportFilter> FilterAsync(AppFactory app, ExportQuery query, bool pivot = false) =>
        app.WithScopeAsync(async sp =>
        {
            var result = await sp.GetRequiredService<ExportFilterParser>().ParseAsync(query, pivot);
            Assert.Null(result.Failure);
            return result.Value;
        });
}
