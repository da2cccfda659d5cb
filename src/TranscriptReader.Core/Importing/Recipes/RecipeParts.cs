using System.Text.Json.Nodes;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Importing.Recipes;

/// <summary>
/// Builds candidate recipes from a scan of sampled records, best first. Field choices:
/// <list type="bullet">
/// <item>Response: the best name match (<see cref="FieldNames.Response"/>, its parent's name counting
/// half), content blocks with reasoning preferred over a plain string, inline think tags a plus;
/// inside an element or entry, failing a name, its longest text.</item>
/// <item>User: a prompt-like name; an object there gives its text field (question.text).</item>
/// <item>System, reasoning, model, title: by name. Title otherwise: the user turn's first line and the
/// element's label field or entry key.</item>
/// <item>Metadata: every other field (whole objects when nothing inside them is used, long texts
/// named like turns left out), the entry key (as "condition", or "sample" for numeric keys), siblings
/// keyed like the entries (scores.@key) or as long as the elements (conditions.@index), and the
/// element's other scalar fields (@.score).</item>
/// </list>
/// </summary>
internal static class RecipeParts
{
    public static IEnumerable<ImportRecipe> For(IReadOnlyList<JsonNode> records, Dictionary<string, FieldInfo> scan, string? recordsPath)
    {
        var candidates = new List<(int Score, ImportRecipe Recipe)>();
        foreach (var list in scan.Values.Where(f => f.IsMessageList))
        {
            candidates.Add((100 + FieldNames.Score(list.Name, FieldNames.Messages), MessagesRecipe(scan, list, recordsPath)));
        }
        foreach (var field in scan.Values.Where(f => f.IsMap || f.IsObjectList || f.IsStringList))
        {
            if (UnitRecipe(records, scan, field, recordsPath) is { } unit)
            {
                candidates.Add(unit);
            }
        }
        if (RecordRecipe(scan, recordsPath) is { } record)
        {
            candidates.Add(record);
        }
        return candidates.OrderByDescending(c => c.Score).Select(c => c.Recipe);
    }

    private static ImportRecipe MessagesRecipe(Dictionary<string, FieldInfo> scan, FieldInfo list, string? recordsPath)
    {
        var (role, content) = list.MessageFields!.Value;
        var used = new HashSet<string> { list.Path };
        var response = BestResponse(scan, "", used, fallback: false);
        return Common(scan, recordsPath, used, new ImportRecipe
        {
            Records = recordsPath,
            Messages = new MessageListMapping(list.Path, role, content, RoleMapping(list.RoleValues)),
            Response = Use(response, used),
        }, withUser: false);
    }

    private static (int, ImportRecipe)? RecordRecipe(Dictionary<string, FieldInfo> scan, string? recordsPath)
    {
        var used = new HashSet<string>();
        var user = BestUser(scan);
        var response = BestResponse(scan, "", [.. used, .. user is null ? [] : new[] { user.Value.Path }], fallback: user is not null);
        if (response is null)
        {
            return null;
        }
        var reasoning = Best(scan.Values.Where(f => f.MostlyStrings && f.Path != response.Value.Path), FieldNames.Reasoning);
        var recipe = Common(scan, recordsPath, used, new ImportRecipe
        {
            Records = recordsPath,
            Response = Use(response, used),
            Reasoning = Use(reasoning, used),
        }, withUser: true);
        return (40 + response.Value.Score, recipe);
    }

    private static (int, ImportRecipe)? UnitRecipe(IReadOnlyList<JsonNode> records, Dictionary<string, FieldInfo> scan, FieldInfo field, string? recordsPath)
    {
        var items = FieldScan.Items(field);
        var named = FieldNames.Score(field.Name, FieldNames.Collection) + FieldNames.Score(field.Name, FieldNames.Response);
        var metadata = new Dictionary<string, string>();
        string? response;
        string? reasoning = null;
        string? label = null;
        var score = 50 + named;
        if (items.Count > 0 && items.All(i => i is JsonValue v && v.TryGetValue<string>(out _)))
        {
            // Short strings are labels (conditions: ["control", "treatment"]), long ones responses.
            var average = items.Average(i => i!.GetValue<string>().Length);
            if (named == 0 && average < 40)
            {
                return null;
            }
            score += average >= 20 ? 5 : -10;
            response = "@";
        }
        else if (items.Count > 0 && items.All(i => i is JsonObject))
        {
            var itemScan = FieldScan.Scan(items);
            var itemUsed = new HashSet<string>();
            var best = BestResponse(itemScan, "@.", itemUsed, fallback: true);
            if (best is null)
            {
                return null;
            }
            score += best.Value.Score;
            response = Use(best, itemUsed);
            reasoning = Use(Best(itemScan.Values.Where(f => f.MostlyStrings), FieldNames.Reasoning, "@."), itemUsed);
            label = itemScan.Values.Where(f => f.MostlyStrings && f.AverageStringLength <= 60 && FieldNames.Matches(f.Name, FieldNames.Label))
                .OrderByDescending(f => FieldNames.Score(f.Name, FieldNames.Label)).Select(f => "@." + f.Path).FirstOrDefault();
            foreach (var item in itemScan.Values.Where(f => f.Depth == 0 && !itemUsed.Contains("@." + f.Path) && !IsLongTurnText(f)))
            {
                metadata.TryAdd(item.Name, "@." + item.Path);
            }
        }
        else
        {
            return null;
        }

        var used = new HashSet<string> { field.Path };
        var each = field.IsMap ? TranscriptUnit.EachEntry : TranscriptUnit.EachElement;
        foreach (var sibling in Siblings(records, scan, field))
        {
            used.Add(sibling.Path);
            metadata.TryAdd(FieldNames.Singular(sibling.Name), sibling.Path + (field.IsMap ? ".@key" : ".@index"));
            label ??= !field.IsMap && sibling.IsStringList ? sibling.Path + ".@index" : null;
        }
        var numericKeys = field.IsMap && field.MapKeys.All(k => k.All(char.IsDigit));
        var recipe = Common(scan, recordsPath, used, new ImportRecipe
        {
            Records = recordsPath,
            Transcript = new TranscriptUnit(each, field.Path, field.IsMap && !numericKeys ? "condition" : "sample"),
            Response = response,
            Reasoning = reasoning,
            Metadata = metadata,
        }, withUser: true);
        if (label is not null)
        {
            recipe = recipe with { Title = recipe.User.Count > 0 ? $"{{{recipe.User[0]}}} — {{{label}}}" : $"{{{label}}}" };
        }
        return (score, recipe);
    }

    /// <summary>System, user, model, title and the record's metadata, around a recipe's main fields.</summary>
    private static ImportRecipe Common(Dictionary<string, FieldInfo> scan, string? recordsPath, HashSet<string> used, ImportRecipe recipe, bool withUser)
    {
        foreach (var path in new[] { recipe.Response, recipe.Reasoning }.OfType<string>().Where(p => !p.StartsWith('@')))
        {
            used.Add(path);
        }
        var system = Best(scan.Values.Where(f => f.MostlyStrings && !used.Contains(f.Path)), FieldNames.System);
        used.Add(system?.Path ?? "");
        var user = withUser ? BestUser(scan.Where(p => !used.Contains(p.Key)).ToDictionary()) : null;
        used.Add(user?.Path ?? "");
        var model = Best(scan.Values.Where(f => f.MostlyStrings && f.AverageStringLength <= 100 && !used.Contains(f.Path)), FieldNames.Model, exact: true);
        used.Add(model?.Path ?? "");
        var title = Best(scan.Values.Where(f => f.MostlyStrings && f.Depth == 0 && f.AverageStringLength <= 200 && !used.Contains(f.Path)), FieldNames.Title, exact: true);
        used.Add(title?.Path ?? "");

        var metadata = new Dictionary<string, string>(recipe.Metadata);
        foreach (var field in scan.Values.OrderBy(f => f.Depth))
        {
            if (used.Contains(field.Path) || used.Any(u => FieldScan.IsInside(field.Path, u)) || IsLongTurnText(field)
                || metadata.Values.Any(v => FieldScan.IsInside(field.Path, v)))
            {
                continue;
            }
            // An object is kept whole unless something inside it is used; then its other fields one by one.
            if (field.Objects > 0 && used.Any(u => FieldScan.IsInside(u, field.Path)))
            {
                continue;
            }
            var name = metadata.ContainsKey(field.Name) ? field.Path.Replace('.', '_') : field.Name;
            metadata.TryAdd(name, field.Path);
        }
        return recipe with
        {
            Records = recordsPath,
            System = system?.Path,
            User = user is null ? [] : [user.Value.Path],
            Model = model?.Path,
            Title = title?.Path,
            Metadata = metadata,
        };
    }

    /// <summary>A prompt-like field; an object there (question: {text, choices}) gives its text field.</summary>
    private static (string Path, string? Object)? BestUser(Dictionary<string, FieldInfo> scan)
    {
        var field = scan.Values
            .Where(f => (f.MostlyStrings || (f.Objects > 0 && !f.IsMap) || f.IsPartList) && FieldNames.Matches(f.Name, FieldNames.Prompt))
            .OrderByDescending(f => FieldNames.Score(f.Name, FieldNames.Prompt)).ThenBy(f => f.Depth).FirstOrDefault();
        if (field is null)
        {
            return null;
        }
        if (!(field.Objects > 0 && !field.MostlyStrings))
        {
            return (field.Path, null);
        }
        var inside = scan.Values.Where(f => f.MostlyStrings && f.Depth == field.Depth + 1 && FieldScan.IsInside(f.Path, field.Path)).ToList();
        var text = inside.OrderByDescending(f => FieldNames.Score(f.Name, FieldNames.Text)).ThenByDescending(f => f.AverageStringLength).FirstOrDefault();
        return text is null ? null : (text.Path, field.Path);
    }

    /// <summary>The field most likely to be the response; null when nothing is named so and fallback is off.</summary>
    private static (string Path, int Score)? BestResponse(Dictionary<string, FieldInfo> scan, string prefix, HashSet<string> used, bool fallback)
    {
        var candidates = scan.Values
            .Where(f => (f.MostlyStrings || f.IsPartList) && !used.Contains(f.Path) && !IsOtherRole(f))
            .Select(f => (Field: f, Score: FieldNames.Score(f.Name, FieldNames.Response) + FieldNames.Score(f.ParentName ?? "", FieldNames.Response) / 2
                + (FieldNames.Matches(f.Name, FieldNames.Response) && f.IsPartList ? 3 : 0) + (f.PartsHaveReasoning ? 12 : 0) + (f.HasReasoningTags ? 5 : 0)))
            .ToList();
        var named = candidates.Where(c => FieldNames.Matches(c.Field.Name, FieldNames.Response) || c.Field.PartsHaveReasoning || c.Field.HasReasoningTags)
            .OrderByDescending(c => c.Score).ThenBy(c => c.Field.Depth).FirstOrDefault();
        if (named.Field is not null)
        {
            return (prefix + named.Field.Path, named.Score);
        }
        if (!fallback)
        {
            return null;
        }
        var longest = candidates.Where(c => c.Field.MostlyStrings && c.Field.AverageStringLength >= 20)
            .OrderByDescending(c => c.Field.AverageStringLength).FirstOrDefault();
        return longest.Field is null ? null : (prefix + longest.Field.Path, 0);
    }

    private static (string Path, int Score)? Best(IEnumerable<FieldInfo> fields, string[] names, string prefix = "", bool exact = false)
    {
        var best = fields.Select(f => (Field: f, Score: FieldNames.Score(f.Name, names)))
            .Where(c => exact ? c.Score >= 10 : c.Score > 0)
            .OrderByDescending(c => c.Score).ThenBy(c => c.Field.Depth).FirstOrDefault();
        return best.Field is null ? null : (prefix + best.Field.Path, best.Score);
    }

    private static string? Use((string Path, int Score)? choice, HashSet<string> used)
    {
        if (choice is { } chosen)
        {
            used.Add(chosen.Path);
        }
        return choice?.Path;
    }

    /// <summary>Named exactly as a prompt, system prompt, reasoning, title, model or id: not the response.</summary>
    private static bool IsOtherRole(FieldInfo field) =>
        new[] { FieldNames.Prompt, FieldNames.System, FieldNames.Reasoning, FieldNames.Title, FieldNames.Model }
            .Any(names => FieldNames.Score(field.Name, names) >= 10)
        || field.Name.EndsWith("id", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Text named like a turn (a second prompt, the plain-text twin of content blocks) is not metadata:
    /// named exactly so, or long and containing such a name.
    /// </summary>
    private static bool IsLongTurnText(FieldInfo field) =>
        field.MostlyStrings
        && new[] { FieldNames.Prompt, FieldNames.Response, FieldNames.System, FieldNames.Reasoning }
            .Any(n => FieldNames.Score(field.Name, n) >= 10 || (field.AverageStringLength > 200 && FieldNames.Matches(field.Name, n)));

    /// <summary>
    /// For entries: other objects of entries whose keys are mostly the unit's keys (scores by condition).
    /// For elements: other arrays as long as the unit's in every sampled record (conditions[i]).
    /// </summary>
    private static IEnumerable<FieldInfo> Siblings(IReadOnlyList<JsonNode> records, Dictionary<string, FieldInfo> scan, FieldInfo unit)
    {
        if (unit.IsMap)
        {
            var keys = unit.MapKeys;
            return scan.Values.Where(f => f != unit && f.IsMap && f.MapKeys.Count(keys.Contains) * 2 >= Math.Max(1, f.MapKeys.Count));
        }
        var unitPath = Path(unit);
        return scan.Values.Where(f => f != unit && f.Arrays > 0 && f.Arrays == unit.Arrays && records.All(r => SameLength(r, unitPath, Path(f))));
    }

    private static RecipePath Path(FieldInfo field) =>
        RecipePath.TryParse(field.Path, out var path, out _) ? path : throw new InvalidOperationException($"A scanned path does not parse: {field.Path}");

    private static bool SameLength(JsonNode record, RecipePath a, RecipePath b)
    {
        var scope = new RecipeScope(record);
        var first = a.TryResolve(scope, out var x) ? (x as JsonArray)?.Count : null;
        var second = b.TryResolve(scope, out var y) ? (y as JsonArray)?.Count : null;
        return first == second;
    }

    /// <summary>Role values no chat convention knows (A and B): the first speaker is the user, the others the assistant.</summary>
    private static Dictionary<string, string>? RoleMapping(List<string> values)
    {
        var known = values.Where(v => v.Length > 0).Select(v => (Value: v, Mapped: ChatMessages.MapRole(v))).ToList();
        if (known.Any(k => k.Mapped.Role == MessageRoles.Assistant) || known.All(k => k.Mapped.Speaker is null))
        {
            return null;
        }
        var unknown = known.Where(k => k.Mapped.Speaker is not null).Select(k => k.Value).ToList();
        return unknown.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i == 0 && !known.Any(k => k.Mapped.Role == MessageRoles.User && k.Mapped.Speaker is null)
            ? MessageRoles.User
            : MessageRoles.Assistant);
    }
}
