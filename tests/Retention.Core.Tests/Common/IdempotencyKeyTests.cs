using Retention.Core.Common;

namespace Retention.Core.Tests.Common;

public class IdempotencyKeyTests
{
    [Test]
    public void Key_is_built_from_its_parts_in_invariant_culture()
    {
        var key = IdempotencyKey.For("earn", 1, 1042, 2.5m);

        Assert.That(key.Value, Is.EqualTo("earn:1:1042:2.5"));
    }

    [Test]
    public void Same_parts_always_give_the_same_key()
    {
        Assert.That(IdempotencyKey.For("wf", "cart", 7, 3), Is.EqualTo(IdempotencyKey.For("wf", "cart", 7, 3)));
    }

    [Test]
    public void Overlong_key_is_hashed_to_a_deterministic_key_that_fits()
    {
        var longPart = new string('x', 500);

        var key = IdempotencyKey.For("survey", longPart);

        Assert.That(key.Value.Length, Is.LessThanOrEqualTo(IdempotencyKey.MaxLength));
        Assert.That(key.Value, Does.StartWith("survey:sha256:"));
        Assert.That(IdempotencyKey.For("survey", longPart), Is.EqualTo(key));
        Assert.That(IdempotencyKey.For("survey", longPart + "y"), Is.Not.EqualTo(key));
    }

    [TestCase("")]
    [TestCase("   ")]
    public void Empty_key_is_rejected(string value)
    {
        Assert.Throws<ArgumentException>(() => _ = new IdempotencyKey(value));
    }

    [Test]
    public void Key_longer_than_the_column_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => _ = new IdempotencyKey(new string('k', IdempotencyKey.MaxLength + 1)));
    }
}
