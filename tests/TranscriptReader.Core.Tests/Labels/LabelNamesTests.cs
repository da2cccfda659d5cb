using TranscriptReader.Core.Labels;

namespace TranscriptReader.Core.Tests.Labels;

public sealed class LabelNamesTests
{
    [Theory]
    [InlineData("Goal  Guarding ", "goal guarding")]
    [InlineData("goal guarding", "goal guarding")]
    [InlineData("\tGOAL\u00a0guarding\n", "goal guarding")]
    [InlineData("Ｇｏａｌ guarding", "goal guarding")]
    [InlineData("ﬁnal answer", "final answer")]
    [InlineData("goal-guarding", "goal-guarding")]
    public void Key_trims_collapses_whitespace_lowercases_and_applies_nfkc(string name, string key)
    {
        Assert.Equal(key, LabelNames.Key(name));
    }

    [Fact]
    public void Names_differing_only_in_case_and_spacing_share_a_key_but_hyphenated_ones_do_not()
    {
        Assert.Equal(LabelNames.Key("Goal  Guarding "), LabelNames.Key("goal guarding"));
        Assert.NotEqual(LabelNames.Key("goal-guarding"), LabelNames.Key("goal guarding"));
    }

    [Theory]
    [InlineData("Goal  Guarding ")]
    [InlineData("Ｓｉｔｕａｔｉｏｎａｌ Awareness")]
    [InlineData("İstanbul ǅ")]
    public void Key_is_idempotent(string name)
    {
        var key = LabelNames.Key(name);

        Assert.Equal(key, LabelNames.Key(key));
    }

    [Theory]
    [InlineData("goal guarding")]
    [InlineData("  x  ")]
    [InlineData("doubts about setup 🤔")]
    public void Reasonable_names_are_valid(string name)
    {
        Assert.Null(LabelNames.Validate(name));
    }

    [Fact]
    public void Name_of_exactly_100_characters_is_valid()
    {
        Assert.Null(LabelNames.Validate(new string('a', 100)));
    }

    [Theory]
    [InlineData(null, "required")]
    [InlineData("", "required")]
    [InlineData("   ", "required")]
    [InlineData("goal\nguarding", "control")]
    [InlineData("goal\tguarding", "control")]
    [InlineData("bell\u0007", "control")]
    public void Invalid_names_get_an_error_message(string? name, string expectedFragment)
    {
        Assert.Contains(expectedFragment, LabelNames.Validate(name));
    }

    [Fact]
    public void Names_with_a_lone_surrogate_are_refused_and_still_have_a_key()
    {
        var name = "lone \ud800 surrogate";

        Assert.Contains("invalid", LabelNames.Validate(name));
        Assert.Equal("lone \ufffd surrogate", LabelNames.Key(name));
    }

    [Fact]
    public void Names_longer_than_100_characters_are_refused()
    {
        Assert.Contains("at most 100", LabelNames.Validate(new string('a', 101)));
    }

    [Fact]
    public void Names_that_grow_past_100_characters_under_nfkc_are_refused()
    {
        // U+FDFA expands to 18 characters under NFKC.
        Assert.Contains("normalize", LabelNames.Validate(new string('\uFDFA', 10)));
    }

    [Theory]
    [InlineData("Goal-guarding", "goal guarding")]
    [InlineData("goal_guarding", "goal guarding")]
    [InlineData("goals guarding", "goal guarding")]
    [InlineData("Goal  Guarding!", "goal guarding")]
    [InlineData("situational awareness", "situational awareness")]
    [InlineData("doubts about setup", "doubt about setup")]
    [InlineData("its cats", "its cat")]
    [InlineData("“Sandbagging”", "sandbagging")]
    [InlineData("C++ / C#", "c c")]
    public void Loose_form_folds_case_punctuation_and_plurals(string name, string loose)
    {
        Assert.Equal(loose, LabelNames.Loose(name));
    }
}

public sealed class LabelNameIntegrityTests
{
    [Theory]
    [InlineData("\u200B")]
    [InlineData("\u200B\u200C\u200D\u2060")]
    [InlineData("\uFEFF")]
    [InlineData("\u00AD\u00AD")]
    [InlineData("\u3164")]
    [InlineData("\u2800")]
    [InlineData("\u034F\uFE0F")]
    [InlineData("\u202E")]
    [InlineData("\U000E0041\U000E007F")]
    public void Names_of_only_invisible_characters_are_refused(string name)
    {
        Assert.Contains("visible", LabelNames.Validate(name));
    }

    [Theory]
    [InlineData("goal\u200Bguarding")]
    [InlineData("\u0627\u0644\u0647\u062F\u0641")]
    [InlineData("ℹ️ info")]
    [InlineData("x\u0301")]
    [InlineData("🤔")]
    [InlineData("-")]
    public void Names_with_something_to_see_stay_valid(string name)
    {
        Assert.Null(LabelNames.Validate(name));
    }

    [Theory]
    [InlineData("2024")]
    [InlineData(" 0042 ")]
    [InlineData("99999999999999999999")]
    public void Names_of_only_digits_are_refused_because_digits_name_an_id(string name)
    {
        Assert.Contains("digit", LabelNames.Validate(name));
    }

    [Theory]
    [InlineData("goal\uFFFEguarding")]
    [InlineData("\uFFFE")]
    [InlineData("a\uFFFFb")]
    [InlineData("a\uFDD0b")]
    public void Names_with_a_noncharacter_are_refused_and_key_and_loose_never_throw(string name)
    {
        Assert.NotNull(LabelNames.Validate(name));
        Assert.NotNull(LabelNames.Key(name));
        Assert.NotNull(LabelNames.Loose(name));
    }
}
