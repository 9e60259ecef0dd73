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

    [Test]
    public void Keys_that_differ_only_by_case_are_one_key_on_every_host()
    {
        // A store's database compares keys without regard to case; in lower case, so does every other host.
        var typed = IdempotencyKey.For("admin", 1, 7, "Request-ABC");
        var retyped = IdempotencyKey.For("admin", 1, 7, "request-abc");

        Assert.That(typed, Is.EqualTo(retyped));
        Assert.That(typed.Value, Is.EqualTo("admin:1:7:request-abc"));
        Assert.That(new IdempotencyKey("Tier:Gold:20261123").Value, Is.EqualTo("tier:gold:20261123"));
    }

    [Test]
    public void A_hashed_key_is_in_lower_case_and_ignores_the_case_of_its_parts()
    {
        var longPart = new string('X', 500);

        var key = IdempotencyKey.For("Survey", longPart);

        Assert.That(key.Value, Is.EqualTo(key.Value.ToLowerInvariant()));
        Assert.That(IdempotencyKey.For("survey", longPart.ToLowerInvariant()), Is.EqualTo(key));
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
