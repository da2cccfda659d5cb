namespace TranscriptReader.Core.Importing.Recipes;

/// <summary>
/// The field names research files use for each part of a transcript, and how well a name matches:
/// 10 for the name itself ("response"), 5 when it contains one ("model_response", "final_answer"),
/// 0 otherwise. Names compare without case, underscores, dashes or spaces.
/// </summary>
internal static class FieldNames
{
    public static readonly string[] Response =
        ["response", "responses", "output", "outputs", "completion", "completions", "answer", "answers", "generation", "generations",
         "generated", "reply", "prediction", "predictions", "modeloutput", "modelresponse", "assistant", "assistantresponse",
         "assistantmessage", "result", "results"];

    /// <summary>Names of arrays or objects whose elements or entries are one transcript each.</summary>
    public static readonly string[] Collection =
        ["results", "responses", "outputs", "completions", "generations", "samples", "answers", "predictions", "candidates",
         "conditions", "variants", "runs", "trials", "attempts", "rollouts", "transcripts"];

    public static readonly string[] Prompt =
        ["prompt", "query", "question", "input", "instruction", "user", "usermessage", "userprompt", "userinput", "request",
         "problem", "task", "human", "message", "utterance"];

    public static readonly string[] System =
        ["system", "systemprompt", "systemmessage", "sysprompt", "systeminstruction", "developer", "developermessage", "instructions"];

    public static readonly string[] Reasoning =
        ["reasoning", "reasoningcontent", "thinking", "thoughts", "thought", "chainofthought", "cot", "scratchpad", "scratchpadreasoning"];

    public static readonly string[] Title = ["title", "name", "subject"];

    public static readonly string[] Model = ["model", "modelname", "modelid", "modelslug", "engine", "llm"];

    public static readonly string[] Messages =
        ["messages", "conversation", "conversations", "turns", "dialog", "dialogue", "history", "chat", "transcript", "exchanges"];

    /// <summary>Short fields that name an element (a condition, a variant), for titles.</summary>
    public static readonly string[] Label = ["condition", "variant", "setting", "arm", "label", "name", "model", "id"];

    /// <summary>Inside an object given as the prompt: the field that holds its text.</summary>
    public static readonly string[] Text = ["text", "question", "prompt", "content", "body", "stem", "input", "query", "value"];

    public static int Score(string name, string[] names)
    {
        var normalized = Normalize(name);
        if (normalized.Length == 0)
        {
            return 0;
        }
        if (names.Contains(normalized))
        {
            return 10;
        }
        return names.Any(n => n.Length >= 4 && normalized.Contains(n, StringComparison.Ordinal)) ? 5 : 0;
    }

    public static bool Matches(string name, string[] names) => Score(name, names) > 0;

    /// <summary>"scores" → "score", "categories" → "category": the metadata name for one entry of a sibling.</summary>
    public static string Singular(string name) =>
        name.EndsWith("ies", StringComparison.Ordinal) && name.Length > 4 ? name[..^3] + "y"
        : name.EndsWith('s') && !name.EndsWith("ss", StringComparison.Ordinal) && name.Length > 3 ? name[..^1]
        : name;

    private static string Normalize(string name) =>
        new([.. name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant)]);
}
