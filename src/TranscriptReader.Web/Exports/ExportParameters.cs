using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Primitives;
using TranscriptReader.Core.Exports;

namespace TranscriptReader.Web.Exports;

/// <summary>
/// The export filters as query parameters (names: docs/exports.md; labels and readers may repeat), bound the
/// same way by the export API (<c>[AsParameters]</c>) and the Export page (model binding). Core's
/// <see cref="ExportQuery"/> carries the same values without ASP.NET's binding attributes.
/// </summary>
public sealed class ExportParameters
{
    [FromQuery(Name = "collection")] public string? Collection { get; set; }
    [FromQuery(Name = "label")] public string[] Label { get; set; } = [];
    [FromQuery(Name = "reader")] public string[] Reader { get; set; } = [];
    [FromQuery(Name = "from")] public string? From { get; set; }
    [FromQuery(Name = "to")] public string? To { get; set; }
    [FromQuery(Name = "block_kind")] public string? BlockKind { get; set; }
    [FromQuery(Name = "status")] public string? Status { get; set; }
    [FromQuery(Name = "key")] public string? Key { get; set; }
    [FromQuery(Name = "denominator")] public string? Denominator { get; set; }

    public ExportQuery ToQuery() => new()
    {
        Collection = Collection,
        Labels = Label,
        Readers = Reader,
        From = From,
        To = To,
        BlockKind = BlockKind,
        Status = Status,
        Key = Key,
        Denominator = Denominator,
    };

    /// <summary>The filters that are set, as a query string (with its leading '?') for download links.</summary>
    public string ToQueryString()
    {
        var pairs = new List<KeyValuePair<string, StringValues>>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                pairs.Add(new(name, value.Trim()));
            }
        }
        Add("collection", Collection);
        Array.ForEach(Label, l => Add("label", l));
        Array.ForEach(Reader, r => Add("reader", r));
        Add("from", From);
        Add("to", To);
        Add("block_kind", BlockKind);
        Add("status", Status);
        Add("key", Key);
        Add("denominator", Denominator);
        return QueryString.Create(pairs).ToString();
    }
}
