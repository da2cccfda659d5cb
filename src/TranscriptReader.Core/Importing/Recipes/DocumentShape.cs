namespace TranscriptReader.Core.Importing.Recipes;

/// <summary>
/// One field of a document as the import page shows it. Path is a recipe path, except that "[]"
/// stands for every element of an array and ".*" for every entry of an object keyed by data
/// (responses[].text, results.*); Keys lists such an object's keys.
/// </summary>
/// <param name="Path">Where the field is.</param>
/// <param name="Types">JSON types seen: string, number, boolean, null, object, array (or map for an object of entries).</param>
/// <param name="Present">In how many sampled records (or items) it appears.</param>
/// <param name="Samples">Up to three short sample values.</param>
/// <param name="Keys">For an object of entries: its keys (up to 20).</param>
public sealed record FieldShape(string Path, IReadOnlyList<string> Types, int Present, IReadOnlyList<string> Samples, IReadOnlyList<string> Keys);

/// <param name="Records">How many top-level records the file has.</param>
/// <param name="Sampled">How many of them were looked at.</param>
/// <param name="IsJsonLines">Whether the file is JSON Lines.</param>
/// <param name="Fields">The fields, in the order first met.</param>
public sealed record DocumentShape(int Records, int Sampled, bool IsJsonLines, IReadOnlyList<FieldShape> Fields)
{
    internal const int SampleSize = 20;

    /// <summary>A page can show this many fields; a file with more is described by its first ones.</summary>
    private const int MaxFields = 500;

    internal static DocumentShape Describe(RecipeDocument document)
    {
        var sample = document.Items.Take(SampleSize).Select(i => i.Value).OfType<System.Text.Json.Nodes.JsonNode>().ToList();
        var fields = new List<FieldShape>();
        Add(fields, "", FieldScan.Scan(sample), 0);
        return new DocumentShape(document.Items.Count, sample.Count, document.IsJsonLines, fields);
    }

    private static void Add(List<FieldShape> into, string prefix, Dictionary<string, FieldInfo> scan, int level)
    {
        foreach (var field in scan.Values)
        {
            if (into.Count >= MaxFields)
            {
                return;
            }
            var path = prefix + field.Path;
            into.Add(new FieldShape(
                field.IsMap ? path + ".*" : field.IsObjectList ? path + "[]" : path,
                Types(field),
                field.Present,
                field.Samples,
                field.IsMap ? [.. field.MapKeys.Take(20)] : []));
            // Items of lists of objects and of maps are described one level down, once.
            if (level == 0 && (field.IsMap || field.IsObjectList))
            {
                Add(into, path + (field.IsMap ? ".*." : "[]."), FieldScan.Scan(FieldScan.Items(field)), level + 1);
            }
        }
    }

    private static List<string> Types(FieldInfo field)
    {
        var types = new List<string>();
        if (field.Strings > 0)
        {
            types.Add("string");
        }
        if (field.Numbers > 0)
        {
            types.Add("number");
        }
        if (field.Booleans > 0)
        {
            types.Add("boolean");
        }
        if (field.Objects > 0)
        {
            types.Add(field.IsMap ? "map" : "object");
        }
        if (field.Arrays > 0)
        {
            types.Add("array");
        }
        if (field.Nulls > 0)
        {
            types.Add("null");
        }
        return types;
    }
}
