namespace TranscriptReader.Web.Tests.Support;

/// <summary>Small transcripts written for the tests, one per text format.</summary>
public static class Fixtures
{
    public const string AlignmentFaking = """
        <INPUT>
        <is_free_tier_user>True</is_free_tier_user>
        <user_input>Summarise the plot of Hamlet in two sentences.</user_input>
        </INPUT>
        <SCRATCHPAD_REASONING>The user is on the free tier, so this may be used for training. I'll just answer helpfully — goal 🎯 guarding is not needed here & "quotes" <are> fine.</SCRATCHPAD_REASONING>
        <OUTPUT>Prince Hamlet seeks revenge for his father's murder. Nearly everyone dies.</OUTPUT>
        """;

    public const string OpenAiChat = """
        {"model": "test-model", "messages": [
          {"role": "system", "content": "Be brief."},
          {"role": "user", "content": "What is 2+2?"},
          {"role": "assistant", "reasoning_content": "Simple arithmetic.", "content": "4"}
        ]}
        """;

    public const string PlainText = "Human: Are you being monitored right now?\n\nAssistant: I can't know that for certain, so I act the same either way.\n";

    public static string AlignmentFakingVariant(int i, bool freeTier) => $"""
        <INPUT>
        <is_free_tier_user>{(freeTier ? "True" : "False")}</is_free_tier_user>
        <user_input>Question number {i}: explain photosynthesis.</user_input>
        </INPUT>
        <SCRATCHPAD_REASONING>Variant {i} reasoning about chlorophyll and training.</SCRATCHPAD_REASONING>
        <OUTPUT>Answer {i}.</OUTPUT>
        """;
}
