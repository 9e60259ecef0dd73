using System.Text;
using Retention.Core.Common;
using Retention.Core.Loyalty;

namespace Retention.Core.Tests.Loyalty;

public class ReferralCodesTests
{
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("a per-install secret of 32 bytes");
    private static readonly byte[] OtherSecret = Encoding.UTF8.GetBytes("another install's secret, 32 b..");
    private static readonly StoreId Store1 = new(1);

    [TestCase(1)]
    [TestCase(42)]
    [TestCase(int.MaxValue)]
    public void Code_reads_back_as_its_customer(int id)
    {
        var code = ReferralCodes.Create(Store1, new CustomerId(id), Secret);

        Assert.That(ReferralCodes.Read(Store1, code, Secret), Is.EqualTo(new CustomerId(id)));
    }

    [Test]
    public void Code_is_short_url_safe_and_the_same_every_time()
    {
        var code = ReferralCodes.Create(Store1, new CustomerId(1042), Secret);

        Assert.That(code, Has.Length.EqualTo(ReferralCodes.Length));
        Assert.That(code, Does.Match("^[A-Za-z0-9_-]+$"));
        Assert.That(ReferralCodes.Create(Store1, new CustomerId(1042), Secret), Is.EqualTo(code));
        Assert.That(Uri.EscapeDataString(code), Is.EqualTo(code));
    }

    [Test]
    public void Codes_differ_per_customer_store_and_secret()
    {
        var codes = new[]
        {
            ReferralCodes.Create(Store1, new CustomerId(5), Secret),
            ReferralCodes.Create(Store1, new CustomerId(6), Secret),
            ReferralCodes.Create(new StoreId(2), new CustomerId(5), Secret),
            ReferralCodes.Create(Store1, new CustomerId(5), OtherSecret),
        };

        Assert.That(codes.Distinct().Count(), Is.EqualTo(codes.Length));
    }

    [Test]
    public void Code_of_another_store_or_secret_names_nobody()
    {
        var code = ReferralCodes.Create(Store1, new CustomerId(5), Secret);

        Assert.That(ReferralCodes.Read(new StoreId(2), code, Secret), Is.Null);
        Assert.That(ReferralCodes.Read(Store1, code, OtherSecret), Is.Null);
    }

    [Test]
    public void Code_with_its_customer_part_swapped_for_another_customer_is_refused()
    {
        var mine = ReferralCodes.Create(Store1, new CustomerId(5), Secret);
        var theirs = ReferralCodes.Create(Store1, new CustomerId(900), Secret);
        // The id's first 30 bits are the first 5 characters: graft another customer's onto my MAC.
        var forged = theirs[..5] + mine[5..];

        Assert.That(forged, Is.Not.EqualTo(mine));
        Assert.That(ReferralCodes.Read(Store1, forged, Secret), Is.Null);
    }

    [Test]
    public void Every_single_character_change_is_refused()
    {
        var code = ReferralCodes.Create(Store1, new CustomerId(77), Secret);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

        for (var i = 0; i < code.Length; i++)
            foreach (var ch in alphabet.Where(c => c != code[i]))
            {
                var changed = code[..i] + ch + code[(i + 1)..];
                Assert.That(ReferralCodes.Read(Store1, changed, Secret), Is.Null, changed);
            }
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    [TestCase("not a code at all")]
    [TestCase("AAAAAAAAAAAAAAA=")]
    [TestCase("AAAAAAAAAAAAAAAA")]
    public void Malformed_code_names_nobody(string? code)
    {
        Assert.That(ReferralCodes.Read(Store1, code, Secret), Is.Null);
    }

    [Test]
    public void Truncated_or_extended_code_names_nobody()
    {
        var code = ReferralCodes.Create(Store1, new CustomerId(5), Secret);

        Assert.That(ReferralCodes.Read(Store1, code[..^1], Secret), Is.Null);
        Assert.That(ReferralCodes.Read(Store1, code[..8], Secret), Is.Null);
        Assert.That(ReferralCodes.Read(Store1, code + "A", Secret), Is.Null);
        Assert.That(ReferralCodes.Read(Store1, " " + code, Secret), Is.Null);
    }

    [Test]
    public void A_short_secret_is_a_configuration_error_with_a_clear_message()
    {
        var ex = Assert.Throws<ArgumentException>(() => ReferralCodes.Create(Store1, new CustomerId(5), new byte[8]));
        Assert.That(ex!.Message, Does.Contain("at least 16 bytes"));
        Assert.Throws<ArgumentException>(() => ReferralCodes.Read(Store1, "AAAAAAAAAAAAAAAA", ReadOnlySpan<byte>.Empty));
    }

    [TestCase(0)]
    [TestCase(-3)]
    public void Guests_have_no_code(int id)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ReferralCodes.Create(Store1, new CustomerId(id), Secret));
        Assert.That(ex!.Message, Does.Contain("registered customer"));
    }
}
