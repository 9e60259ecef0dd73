using Retention.Core.Workflows;

namespace Retention.Core.Tests.Workflows;

/// <summary>
/// Where a tracked link may lead and how the redirect writes it: the target as the host decoded it from <c>?to=</c>,
/// the Location header value out. Expected values are written out by hand, byte by byte of UTF-8.
/// </summary>
public class ClickTargetTests
{
    [TestCase("/", "/")]
    [TestCase("/shop/product/3#review", "/shop/product/3#review")]
    [TestCase("/apple-iphone#addreview", "/apple-iphone#addreview")]
    [TestCase("/search?q=phone&page=2", "/search?q=phone&page=2")]
    [TestCase("/a-b_c.d~e!$&'()*+,;=:@", "/a-b_c.d~e!$&'()*+,;=:@")]
    [TestCase("/é", "/%C3%A9")]
    [TestCase("/café", "/caf%C3%A9")]
    [TestCase("/чай-улун", "/%D1%87%D0%B0%D0%B9-%D1%83%D0%BB%D1%83%D0%BD")]
    [TestCase("/茶", "/%E8%8C%B6")]
    [TestCase("/😀", "/%F0%9F%98%80")]
    [TestCase("/café?taste=thé&q=a/b?c#avis-é", "/caf%C3%A9?taste=th%C3%A9&q=a/b?c#avis-%C3%A9")]
    [TestCase("/a b", "/a%20b")]
    [TestCase("/a\u00A0b", "/a%C2%A0b")]
    [TestCase("/<script>\"`{}|^[]", "/%3Cscript%3E%22%60%7B%7D%7C%5E%5B%5D")]
    [TestCase("/a#b#c", "/a#b%23c")]
    public void A_path_of_the_store_is_percent_encoded_as_a_browser_would(string to, string location)
    {
        Assert.That(ClickTarget.Location(to), Is.EqualTo(location));
    }

    [TestCase("/caf%C3%A9", "/caf%C3%A9")]
    [TestCase("/caf%c3%a9", "/caf%c3%a9")]
    [TestCase("/caf%C3%A9-é", "/caf%C3%A9-%C3%A9")]
    [TestCase("/%2F%2Fevil.example", "/%2F%2Fevil.example")]
    [TestCase("/50%off", "/50%25off")]
    [TestCase("/100%", "/100%25")]
    [TestCase("/%zz?x=%4", "/%25zz?x=%254")]
    public void Already_encoded_sequences_are_kept_and_a_lone_percent_is_encoded(string to, string location)
    {
        Assert.That(ClickTarget.Location(to), Is.EqualTo(location));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("shop")]
    [TestCase("~/shop")]
    [TestCase("https://evil.example/")]
    [TestCase("javascript:alert(1)")]
    [TestCase("//evil.example/x")]
    [TestCase("//пример.рф/é")]
    [TestCase("/\\evil.example")]
    [TestCase("/shop\\..\\x")]
    [TestCase("/\t/evil.example")]      // browsers drop tabs and newlines from a URL: "/\t/x" would become "//x"
    [TestCase("/\n/evil.example")]
    [TestCase("/shop\r\nSet-Cookie:x=1")]
    [TestCase("/shop\0")]
    [TestCase("/shop\u0085")]           // a C1 control
    [TestCase("/shop\u007F")]
    public void A_target_outside_the_store_or_not_a_path_is_refused(string? to)
    {
        Assert.That(ClickTarget.Location(to), Is.Null);
    }

    [Test]
    public void A_target_with_half_of_a_surrogate_pair_is_refused_for_it_has_no_utf8()
    {
        // Built in code: an attribute argument cannot carry a lone surrogate (it becomes U+FFFD in metadata).
        var high = "/" + (char)0xD83D;
        var low = "/" + (char)0xDE00 + "x";

        Assert.That((ClickTarget.Location(high), ClickTarget.Location(low), ClickTarget.Location(high + "\uDE00")), Is.EqualTo(((string?)null, (string?)null, "/%F0%9F%98%80")));
    }

    [Test]
    public void A_target_longer_than_the_limit_is_refused()
    {
        Assert.That(ClickTarget.Location("/" + new string('a', ClickTarget.MaxLength - 1)), Is.Not.Null);
        Assert.That(ClickTarget.Location("/" + new string('a', ClickTarget.MaxLength)), Is.Null);
    }

    [TestCase("/é")]
    [TestCase("/чай-улун?сорт=тёмный#отзывы")]
    [TestCase("/50%off <b>&\"x\"</b>")]
    [TestCase("/caf%C3%A9-é#a#b")]
    public void The_location_is_printable_ascii_and_encoding_it_again_changes_nothing(string to)
    {
        var location = ClickTarget.Location(to)!;

        Assert.That(location.All(c => c > ' ' && c < '\u007F'), Is.True, location);
        Assert.That(ClickTarget.Location(location), Is.EqualTo(location));
        Assert.That(Uri.TryCreate(location, UriKind.Relative, out _), Is.True, location);
    }
}
