using System.Reflection;
using System.Security.Cryptography;
using Retention.Core.Common;
using Retention.Core.Workflows;

namespace Retention.Core.Tests.Workflows;

public class LinksSignerTests
{
    private static readonly DateTime Now = new(2026, 3, 2, 10, 0, 0, DateTimeKind.Utc);
    private readonly LinkSigner _signer = new(Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray());

    private static LinkPayload Payload(string subject = "cart:638000000000000000", LinkPurpose purpose = LinkPurpose.Click) =>
        new(purpose, new StoreId(1), new CustomerId(7), 42, 1, subject, 0, Now.AddDays(60));

    [Test]
    public void A_signed_payload_comes_back_whole()
    {
        var payload = Payload();

        var check = _signer.Verify(_signer.Sign(payload), LinkPurpose.Click, Now);

        Assert.That(check.Status, Is.EqualTo(LinkStatus.Valid));
        Assert.That(check.Payload, Is.EqualTo(payload));
    }

    [Test]
    public void A_live_link_keeps_the_first_token_format_so_links_already_in_inboxes_keep_working()
    {
        // Signed by the first release for Payload() under this secret; the preview flag must not change a live link.
        const string FirstRelease = "MXw0fDF8N3w0MnwxfGNhcnQ6NjM4MDAwMDAwMDAwMDAwMDAwfDB8MTc3NzYyOTYwMA.XwJv0oiSAv_a0Q6RhWZSbpyqsCrRIMELsuaiX1FOz8I";

        Assert.That(_signer.Sign(Payload()), Is.EqualTo(FirstRelease));
        Assert.That(_signer.Verify(FirstRelease, LinkPurpose.Click, Now).Payload, Is.EqualTo(Payload()));
    }

    [Test]
    public void A_preview_link_comes_back_marked_as_a_preview_and_the_mark_cannot_be_removed()
    {
        var preview = _signer.Sign(Payload() with { IsPreview = true });

        var check = _signer.Verify(preview, LinkPurpose.Click, Now);

        Assert.That((check.IsValid, check.IsPreview, check.Payload), Is.EqualTo((true, true, Payload() with { IsPreview = true })));
        // Turning a preview token into a live one means changing its signed text.
        var dot = preview.IndexOf('.');
        var body = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(Pad(preview[..dot])));
        var live = "1" + body[1..body.LastIndexOf('|')];
        var forged = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(live)).TrimEnd('=').Replace('+', '-').Replace('/', '_') + preview[dot..];
        Assert.That(_signer.Verify(forged, LinkPurpose.Click, Now).Status, Is.EqualTo(LinkStatus.Tampered));
    }

    private static string Pad(string base64Url)
    {
        var s = base64Url.Replace('-', '+').Replace('_', '/');
        return s + new string('=', (4 - s.Length % 4) % 4);
    }

    [Test]
    public void Unicode_subject_survives_signing()
    {
        var payload = Payload("tier:Ökö Gold ✨ 黄金:20260302");

        Assert.That(_signer.Verify(_signer.Sign(payload), LinkPurpose.Click, Now).Payload, Is.EqualTo(payload));
    }

    [Test]
    public void Token_is_url_safe()
    {
        var token = _signer.Sign(Payload("tier:Ökö/Gold+?&=:20260302"));

        Assert.That(token, Does.Match("^[A-Za-z0-9_.-]+$"));
    }

    [Test]
    public void A_link_is_refused_from_the_second_it_expires()
    {
        var token = _signer.Sign(Payload());

        Assert.That(_signer.Verify(token, LinkPurpose.Click, Now.AddDays(60).AddSeconds(-1)).IsValid, Is.True);
        Assert.That(_signer.Verify(token, LinkPurpose.Click, Now.AddDays(60)).Status, Is.EqualTo(LinkStatus.Expired));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase(".")]
    [TestCase("abc")]
    [TestCase("abc.")]
    [TestCase(".abc")]
    [TestCase("a.b.c")]
    [TestCase("!!!!.????")]
    [TestCase("äöü.äöü")]
    [TestCase("YWJj.YWJj")]
    [TestCase("A.AAAA")]
    public void Anything_that_is_not_a_token_is_malformed_and_never_throws(string? token)
    {
        Assert.That(_signer.Verify(token, LinkPurpose.Click, Now).Status, Is.EqualTo(LinkStatus.Malformed));
    }

    [Test]
    public void Huge_input_is_refused_before_any_work()
    {
        var genuine = _signer.Sign(Payload());
        var huge = genuine + new string('A', 5_000_000);

        Assert.That(_signer.Verify(huge, LinkPurpose.Click, Now).Status, Is.EqualTo(LinkStatus.Malformed));
        Assert.That(_signer.Verify(new string('A', LinkSigner.MaxTokenLength + 1), LinkPurpose.Click, Now).Status, Is.EqualTo(LinkStatus.Malformed));
    }

    [Test]
    public void Swapping_in_another_tokens_signature_is_tampering()
    {
        var mine = _signer.Sign(Payload());
        var theirs = _signer.Sign(Payload() with { Customer = new CustomerId(8) });

        var spliced = theirs[..theirs.IndexOf('.')] + mine[mine.IndexOf('.')..];

        Assert.That(_signer.Verify(spliced, LinkPurpose.Click, Now).Status, Is.EqualTo(LinkStatus.Tampered));
    }

    [Test]
    public void Every_single_character_change_is_caught()
    {
        var token = _signer.Sign(Payload());
        for (var i = 0; i < token.Length; i++)
        {
            if (token[i] == '.')
                continue;
            var changed = token[..i] + (token[i] == 'A' ? 'B' : 'A') + token[(i + 1)..];
            Assert.That(_signer.Verify(changed, LinkPurpose.Click, Now).IsValid, Is.False, $"position {i}");
        }
    }

    [Test]
    public void A_secret_shorter_than_32_bytes_is_a_configuration_error()
    {
        var error = Assert.Throws<ArgumentException>(() => new LinkSigner(new byte[31]));
        Assert.That(error!.Message, Does.Contain("32 bytes"));
    }

    [Test]
    public void A_subject_with_the_separator_cannot_be_signed()
    {
        Assert.Throws<ArgumentException>(() => _signer.Sign(Payload("a|b")));
    }

    [Test]
    public void Signatures_are_compared_in_constant_time()
    {
        // Timing cannot be measured reliably in a unit test; what can be checked is that Verify calls the constant-time compare.
        var verify = typeof(LinkSigner).GetMethod(nameof(LinkSigner.Verify))!;

        Assert.That(CalledMethods(verify), Has.Some.Matches<MethodBase>(m =>
            m.DeclaringType == typeof(CryptographicOperations) && m.Name == nameof(CryptographicOperations.FixedTimeEquals)));
    }

    /// <summary>The methods a method's IL calls directly (call and callvirt operands).</summary>
    private static IEnumerable<MethodBase> CalledMethods(MethodInfo method)
    {
        var il = method.GetMethodBody()!.GetILAsByteArray()!;
        for (var i = 0; i + 4 < il.Length; i++)
        {
            if (il[i] != 0x28 && il[i] != 0x6F)
                continue;
            MethodBase? called = null;
            try
            {
                called = method.Module.ResolveMethod(BitConverter.ToInt32(il, i + 1));
            }
            catch (ArgumentException)
            {
                // A byte that merely looks like a call opcode inside another instruction's operand.
            }
            if (called is not null)
                yield return called;
        }
    }
}
