using Retention.Sandbox.Web;

namespace Retention.Sandbox.Tests.Web;

/// <summary>The one spelling of an id the sandbox reads: the bounds of <see cref="Ids.TryParse"/>.</summary>
public sealed class IdsTests
{
    [TestCase("1", 1)]
    [TestCase("42", 42)]
    [TestCase("2147483647", int.MaxValue)]
    public void A_canonical_positive_decimal_is_an_id(string text, int expected)
    {
        Assert.That(Ids.TryParse(text, out var id), Is.True);
        Assert.That(id, Is.EqualTo(expected));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("0")]
    [TestCase("00")]
    [TestCase("01")]
    [TestCase("-1")]
    [TestCase("+1")]
    [TestCase("1\0")]
    [TestCase("1 ")]
    [TestCase(" 1")]
    [TestCase("1\n")]
    [TestCase("1.0")]
    [TestCase("1e3")]
    [TestCase("0x1")]
    [TestCase("\u0661")]          // ARABIC-INDIC DIGIT ONE: a digit to char.IsDigit, not to an id
    [TestCase("\uFF11")]          // FULLWIDTH DIGIT ONE
    [TestCase("2147483648")]
    [TestCase("99999999999")]
    public void Anything_else_is_not(string? text)
    {
        Assert.That(Ids.TryParse(text, out var id), Is.False);
        Assert.That(id, Is.Zero);
    }
}
