using TranscriptReader.Core.Accounts;

namespace TranscriptReader.Core.Tests.Accounts;

public sealed class DisplayNamesTests
{
    [Theory]
    [InlineData("Ada")]
    [InlineData("  Grace Hopper  ")]
    [InlineData("读者")]
    [InlineData("Zoë 🙂")]
    public void Ordinary_names_are_accepted(string name) => Assert.Null(DisplayNames.Validate(name));

    [Theory]
    [InlineData("a\uFFFEb")]
    [InlineData("a\uFDD0b")]
    [InlineData("a\tb")]
    [InlineData("a\u0000b")]
    [InlineData("x")]
    [InlineData("deleted reader 2")]
    public void Names_that_break_the_rule_get_a_message(string name) => Assert.NotNull(DisplayNames.Validate(name));

    [Fact]
    public void Noncharacters_of_every_plane_are_refused()
    {
        // Identity's normaliser calls string.Normalize, which (with ICU, as the app runs) throws on these.
        foreach (var name in new[] { "a\uFFFEb", "a\uFFFFb", "a\U0001FFFEb", "a\U0010FFFFb" })
        {
            Assert.NotNull(DisplayNames.Validate(name));
        }
    }

    [Fact]
    public void A_lone_surrogate_is_refused() => Assert.NotNull(DisplayNames.Validate("ab\uD800"));
}
