using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Nop.Core.Domain.Catalog;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Plugin.Misc.Retention.Controllers;
using Nop.Plugin.Misc.Retention.Infrastructure;
using Nop.Plugin.Misc.Retention.Models.Public;
using Retention.Core.Workflows;

namespace Nop.Plugin.Misc.Retention.Tests.Ui;

/// <summary>The landing pages behind workflow emails' signed links, over the real facade.</summary>
public class WorkflowLinksTests
{
    private UiFixture _ui;
    private WorkflowUiHarness _wf;
    private Customer _owner;
    private Customer _visitor;
    private List<ShoppingCartItem> _ownerCart;
    private List<ShoppingCartItem> _visitorCart;

    [SetUp]
    public void SetUp()
    {
        _ui = new UiFixture();
        _wf = new WorkflowUiHarness();
        _owner = _ui.Registered(15);
        _visitor = _ui.Guest(90);
        _ui.SignIn(_visitor);
        _ui.CustomerService.Setup(c => c.GetCustomerByIdAsync(15)).ReturnsAsync(_owner);
        _ownerCart = new List<ShoppingCartItem>
        {
            new() { Id = 1, CustomerId = 15, StoreId = 2, ProductId = 7, Quantity = 2, AttributesXml = "<a>red</a>", ShoppingCartTypeId = 1 },
            new() { Id = 2, CustomerId = 15, StoreId = 2, ProductId = 8, Quantity = 1, ShoppingCartTypeId = 1 },
        };
        _visitorCart = new List<ShoppingCartItem>();
        _ui.Cart.Setup(c => c.GetShoppingCartAsync(_owner, ShoppingCartType.ShoppingCart, 2, null, null, null, null)).ReturnsAsync(() => _ownerCart.ToList());
        _ui.Cart.Setup(c => c.GetShoppingCartAsync(_visitor, ShoppingCartType.ShoppingCart, 2, null, null, null, null)).ReturnsAsync(() => _visitorCart.ToList());
        // nopCommerce raises the quantity of a line already in the cart; otherwise it adds one.
        _ui.Cart.Setup(c => c.AddToCartAsync(_visitor, It.IsAny<Product>(), ShoppingCartType.ShoppingCart, 2, It.IsAny<string>(), It.IsAny<decimal>(),
                null, null, It.IsAny<int>(), true, null))
            .ReturnsAsync((Customer _, Product product, ShoppingCartType _, int store, string attributes, decimal price, DateTime? _, DateTime? _, int quantity, bool _, int? _) =>
            {
                var line = _visitorCart.FirstOrDefault(l => l.ProductId == product.Id && l.AttributesXml == attributes);
                if (line != null)
                    line.Quantity += quantity;
                else
                    _visitorCart.Add(new ShoppingCartItem { CustomerId = 90, StoreId = store, ProductId = product.Id, AttributesXml = attributes, CustomerEnteredPrice = price, Quantity = quantity });
                return new List<string>();
            });
        _ui.Products.Setup(p => p.GetProductByIdAsync(It.IsAny<int>())).ReturnsAsync((int id) => new Product { Id = id });
    }

    private RetentionLinksController Controller() => WorkflowUiHarness.WithUrl(new RetentionLinksController(_wf.Workflows.Links, _ui.CustomerService.Object,
        _ui.Localization.Object, _ui.Products.Object, _ui.Cart.Object, _ui.StoreContext.Object, _ui.WorkContext.Object));

    private static void AssertRefused(IActionResult result, int status, string messageResource)
    {
        var view = (ViewResult)result;
        Assert.That(view.ViewName, Is.EqualTo(RetentionLinksController.ErrorView));
        Assert.That(view.StatusCode, Is.EqualTo(status));
        Assert.That(((LinkErrorModel)view.Model).Message, Is.EqualTo(messageResource), "the localized reason (resources come back as their key)");
    }

    [Test]
    public async Task A_tampered_unsubscribe_link_gets_the_error_page_and_unsubscribes_no_one()
    {
        var token = _wf.Token(LinkPurpose.Unsubscribe, await _wf.EnrolledAsync(15));

        var result = await Controller().Unsubscribe(WorkflowUiHarness.Tampered(token));

        AssertRefused(result, 400, RetentionLocales.LinkStatus(LinkStatus.Tampered));
        Assert.That(_wf.Contacts.Unsubscribes, Is.Empty);
        Assert.That(_wf.Stores.AllEvents, Is.Empty);
        Assert.That(_wf.Stores.AllEnrollments.Single().State, Is.EqualTo(EnrollmentState.Active));
    }

    [Test]
    public async Task An_expired_link_is_gone_with_status_410_and_records_nothing()
    {
        var token = _wf.Token(LinkPurpose.SurveyAnswer, await _wf.EnrolledAsync(15, WorkflowKind.NpsSurvey, "nps"),
            LinkPayload.SurveyValue(SurveyKind.Nps, 9), TimeSpan.FromHours(1));
        _wf.Now = _wf.Now.AddHours(2);

        var result = await Controller().Survey(token);

        AssertRefused(result, 410, RetentionLocales.LinkStatus(LinkStatus.Expired));
        Assert.That(_wf.Stores.AllAnswers, Is.Empty);
    }

    [Test]
    public async Task Opening_an_unsubscribe_link_asks_and_unsubscribes_no_one()
    {
        var token = _wf.Token(LinkPurpose.Unsubscribe, await _wf.EnrolledAsync(15));

        var opened = (ViewResult)await Controller().Unsubscribe(token);
        var reopened = (ViewResult)await Controller().Unsubscribe(token);

        Assert.That(opened.ViewName, Is.EqualTo(RetentionLinksController.UnsubscribeView));
        Assert.That((((LinkUnsubscribeModel)opened.Model).Asking, ((LinkUnsubscribeModel)reopened.Model).Asking), Is.EqualTo((true, true)));
        Assert.That(_wf.Contacts.Unsubscribes, Is.Empty, "a mail scanner opening the link changes nothing");
        Assert.That(_wf.Stores.AllEvents, Is.Empty);
        Assert.That(_wf.Stores.AllEnrollments.Single().State, Is.EqualTo(EnrollmentState.Active));
    }

    [Test]
    public async Task The_unsubscribe_post_unsubscribes_once_and_says_so_again_on_replay()
    {
        var token = _wf.Token(LinkPurpose.Unsubscribe, await _wf.EnrolledAsync(15));

        var first = (ViewResult)await Controller().UnsubscribeConfirm(token);
        var again = (ViewResult)await Controller().UnsubscribeConfirm(token);
        var reopened = (ViewResult)await Controller().Unsubscribe(token);

        Assert.That(first.ViewName, Is.EqualTo(RetentionLinksController.UnsubscribeView));
        Assert.That((((LinkUnsubscribeModel)first.Model).Changed, ((LinkUnsubscribeModel)again.Model).Changed), Is.EqualTo((true, false)));
        Assert.That(((LinkUnsubscribeModel)reopened.Model).Asking, Is.False, "once unsubscribed, the page says so instead of asking");
        Assert.That(_wf.Contacts.GetAsync(WorkflowUiHarness.Store, new(15)).Result.Unsubscribed, Is.True);
    }

    [Test]
    public async Task A_tampered_unsubscribe_post_gets_the_error_page_and_unsubscribes_no_one()
    {
        var token = _wf.Token(LinkPurpose.Unsubscribe, await _wf.EnrolledAsync(15));

        var result = await Controller().UnsubscribeConfirm(WorkflowUiHarness.Tampered(token));

        AssertRefused(result, 400, RetentionLocales.LinkStatus(LinkStatus.Tampered));
        Assert.That(_wf.Contacts.Unsubscribes, Is.Empty);
    }

    [Test]
    public void The_unsubscribe_post_takes_a_mail_clients_one_click_post_without_antiforgery_and_the_get_changes_nothing()
    {
        var post = typeof(RetentionLinksController).GetMethod(nameof(RetentionLinksController.UnsubscribeConfirm))!;
        var get = typeof(RetentionLinksController).GetMethod(nameof(RetentionLinksController.Unsubscribe))!;

        Assert.That(post.GetCustomAttribute<HttpPostAttribute>(), Is.Not.Null);
        Assert.That(post.GetCustomAttribute<ActionNameAttribute>()?.Name, Is.EqualTo("Unsubscribe"), "the same address as the link");
        Assert.That(post.GetCustomAttribute<IgnoreAntiforgeryTokenAttribute>(), Is.Not.Null, "a mail client has no antiforgery token; the signed token is the proof");
        Assert.That(get.GetCustomAttribute<HttpGetAttribute>(), Is.Not.Null);
    }

    [Test]
    public async Task Opening_a_survey_link_records_nothing_and_the_posted_answer_records_its_score_once()
    {
        var enrollment = await _wf.EnrolledAsync(15, WorkflowKind.NpsSurvey, "nps");
        var nine = _wf.Token(LinkPurpose.SurveyAnswer, enrollment, LinkPayload.SurveyValue(SurveyKind.Nps, 9));

        var opened = (LinkSurveyModel)((ViewResult)await Controller().Survey(nine)).Model;
        Assert.That((opened.Score, opened.Asking, opened.AnsweredBefore), Is.EqualTo((9, true, false)));
        Assert.That(_wf.Stores.AllAnswers, Is.Empty, "a mail scanner opening the link records nothing");

        var first = (LinkSurveyModel)((ViewResult)await Controller().Survey(nine, "", "answer")).Model;
        var repeated = (LinkSurveyModel)((ViewResult)await Controller().Survey(nine, "", "answer")).Model;
        var three = _wf.Token(LinkPurpose.SurveyAnswer, enrollment, LinkPayload.SurveyValue(SurveyKind.Nps, 3));
        var second = (LinkSurveyModel)((ViewResult)await Controller().Survey(three)).Model;

        Assert.That((first.Score, first.AnsweredBefore, first.Asking), Is.EqualTo((9, false, false)));
        Assert.That((repeated.Score, repeated.AnsweredBefore), Is.EqualTo((9, true)), "a repeated POST is harmless");
        Assert.That((second.Score, second.AnsweredBefore, second.Asking), Is.EqualTo((9, true, false)));
        Assert.That(_wf.Stores.AllAnswers.Select(a => a.Score), Is.EqualTo(new[] { 9 }));
    }

    [Test]
    public async Task An_overlong_comment_sent_with_the_answer_comes_back_with_its_message_and_records_nothing()
    {
        var enrollment = await _wf.EnrolledAsync(15, WorkflowKind.CsatSurvey, "order:5");
        var token = _wf.Token(LinkPurpose.SurveyAnswer, enrollment, LinkPayload.SurveyValue(SurveyKind.Csat, 4));
        var typed = new string('x', SurveyAnswer.MaxCommentLength + 1);

        var controller = Controller();
        var view = (ViewResult)await controller.Survey(token, typed, "answer");

        Assert.That(controller.ModelState[RetentionLinksController.CommentField].Errors, Has.Count.EqualTo(1));
        Assert.That((((LinkSurveyModel)view.Model).Comment, ((LinkSurveyModel)view.Model).Asking), Is.EqualTo((typed, true)), "the text typed comes back");
        Assert.That(_wf.Stores.AllAnswers, Is.Empty);
    }

    [Test]
    public async Task A_comment_posted_with_a_tampered_token_is_refused_and_stored_nowhere()
    {
        var enrollment = await _wf.EnrolledAsync(15, WorkflowKind.CsatSurvey, "order:5");
        var token = _wf.Token(LinkPurpose.SurveyAnswer, enrollment, LinkPayload.SurveyValue(SurveyKind.Csat, 4));

        var result = await Controller().Survey(WorkflowUiHarness.Tampered(token), "Great <b>service</b>");

        AssertRefused(result, 400, RetentionLocales.LinkStatus(LinkStatus.Tampered));
        Assert.That(_wf.Stores.AllAnswers, Is.Empty);
    }

    [Test]
    public async Task A_comment_is_saved_on_the_answer_and_an_empty_one_comes_back_with_its_message()
    {
        var enrollment = await _wf.EnrolledAsync(15, WorkflowKind.CsatSurvey, "order:5");
        var token = _wf.Token(LinkPurpose.SurveyAnswer, enrollment, LinkPayload.SurveyValue(SurveyKind.Csat, 4));
        await Controller().Survey(token, "", "answer");

        var empty = Controller();
        var refused = (ViewResult)await empty.Survey(token, "   ", RetentionLinksController.CommentPart);
        var saved = (ViewResult)await Controller().Survey(token, "  Fast delivery  ", RetentionLinksController.CommentPart);

        Assert.That(empty.ModelState[RetentionLinksController.CommentField].Errors.Single().ErrorMessage, Is.EqualTo(RetentionLocales.LinkCommentRequired));
        Assert.That(((LinkSurveyModel)refused.Model).CommentSaved, Is.False);
        Assert.That(((LinkSurveyModel)saved.Model).CommentSaved, Is.True);
        Assert.That(_wf.Stores.AllAnswers.Single().Comment, Is.EqualTo("Fast delivery"));
    }

    [TestCase("https://elsewhere.test/phish")]
    [TestCase("//elsewhere.test/phish")]
    [TestCase("/\\elsewhere.test")]
    [TestCase("")]
    [TestCase("//пример.рф/é")]
    [TestCase("/\t/elsewhere.test")]
    [TestCase("~/cart")]
    public async Task A_click_to_anywhere_but_a_page_of_this_store_is_refused_and_not_counted(string target)
    {
        var token = _wf.Token(LinkPurpose.Click, await _wf.EnrolledAsync(15));

        var result = await Controller().Click(token, target);

        AssertRefused(result, 400, RetentionLocales.LinkExternalTarget);
        Assert.That(_wf.Stores.AllEvents, Is.Empty);
    }

    [Test]
    public async Task A_click_to_a_store_page_is_counted_once_and_redirected_there()
    {
        var token = _wf.Token(LinkPurpose.Click, await _wf.EnrolledAsync(15));

        var first = await Controller().Click(token, "/apple-iphone#addreview");
        await Controller().Click(token, "/apple-iphone#addreview");

        Assert.That(((LocalRedirectResult)first).Url, Is.EqualTo("/apple-iphone#addreview"));
        Assert.That(_wf.Stores.AllEvents.Select(e => e.Kind), Is.EqualTo(new[] { WorkflowEventKind.Clicked }));
    }

    [Test]
    public async Task A_click_to_a_target_with_half_a_surrogate_pair_is_refused_and_not_counted()
    {
        var token = _wf.Token(LinkPurpose.Click, await _wf.EnrolledAsync(15));

        // No UTF-8 spells it, so no Location header can carry it.
        var result = await Controller().Click(token, "/caf" + (char)0xD83D);

        AssertRefused(result, 400, RetentionLocales.LinkExternalTarget);
        Assert.That(_wf.Stores.AllEvents, Is.Empty);
    }

    [TestCase("/é", "/%C3%A9")]
    [TestCase("/чай-улун?сорт=тёмный#отзывы", "/%D1%87%D0%B0%D0%B9-%D1%83%D0%BB%D1%83%D0%BD?%D1%81%D0%BE%D1%80%D1%82=%D1%82%D1%91%D0%BC%D0%BD%D1%8B%D0%B9#%D0%BE%D1%82%D0%B7%D1%8B%D0%B2%D1%8B")]
    [TestCase("/caf%C3%A9 noir", "/caf%C3%A9%20noir")]
    public async Task A_click_to_a_localized_store_page_is_counted_once_and_redirected_to_its_ascii_address(string target, string location)
    {
        var token = _wf.Token(LinkPurpose.Click, await _wf.EnrolledAsync(15));

        var first = await Controller().Click(token, target);
        var again = await Controller().Click(token, target);

        // A Location header with a non-ASCII character is a 500 in Kestrel, after the click was counted.
        Assert.That(((LocalRedirectResult)first).Url, Is.EqualTo(location));
        Assert.That(((LocalRedirectResult)again).Url, Is.EqualTo(location));
        Assert.That(_wf.Stores.AllEvents.Select(e => e.Kind), Is.EqualTo(new[] { WorkflowEventKind.Clicked }));
    }

    [Test]
    public async Task Cart_restore_copies_the_lines_into_the_visitors_cart_once_however_often_the_link_is_followed()
    {
        var token = _wf.Token(LinkPurpose.CartRestore, await _wf.EnrolledAsync(15));

        var first = await Controller().Cart(token);
        await Controller().Cart(token);

        Assert.That(((RedirectToRouteResult)first).RouteName, Is.EqualTo(RetentionLinksController.CartRouteName));
        Assert.That(_visitorCart.Select(l => (l.ProductId, l.AttributesXml, l.Quantity)),
            Is.EquivalentTo(new[] { (7, "<a>red</a>", 2), (8, (string)null, 1) }));
        Assert.That(_ownerCart.Select(l => l.Quantity), Is.EqualTo(new[] { 2, 1 }), "the owner's cart is read, never changed");
        _ui.WorkContext.Verify(w => w.GetCurrentCustomerAsync(), Times.AtLeastOnce);
    }

    [Test]
    public async Task Cart_restore_tops_up_a_line_the_visitor_holds_and_adds_nothing_for_the_owner_themselves()
    {
        _visitorCart.Add(new ShoppingCartItem { CustomerId = 90, StoreId = 2, ProductId = 7, AttributesXml = "<a>red</a>", Quantity = 1 });

        var added = await RetentionLinksController.CopyCartAsync(_ui.Cart.Object, _ui.Products.Object, _owner, _visitor, 2);
        var ownOwn = await RetentionLinksController.CopyCartAsync(_ui.Cart.Object, _ui.Products.Object, _owner, _owner, 2);

        Assert.That((added, ownOwn), Is.EqualTo((2, 0)));
        Assert.That(_visitorCart.Single(l => l.ProductId == 7).Quantity, Is.EqualTo(2));
    }

    [Test]
    public async Task Preview_links_show_the_preview_page_and_change_nothing_for_the_real_customer()
    {
        var enrollment = await _wf.EnrolledAsync(15);
        var score = LinkPayload.SurveyValue(SurveyKind.Nps, 10);

        var pages = new[]
        {
            await Controller().Unsubscribe(_wf.PreviewToken(LinkPurpose.Unsubscribe, 15)),
            await Controller().UnsubscribeConfirm(_wf.PreviewToken(LinkPurpose.Unsubscribe, 15)),
            await Controller().Survey(_wf.PreviewToken(LinkPurpose.SurveyAnswer, 15, score)),
            await Controller().Survey(_wf.PreviewToken(LinkPurpose.SurveyAnswer, 15, score), "should not be saved"),
            await Controller().Survey(_wf.PreviewToken(LinkPurpose.SurveyAnswer, 15, score), "   "),
            await Controller().Cart(_wf.PreviewToken(LinkPurpose.CartRestore, 15)),
        };
        var click = await Controller().Click(_wf.PreviewToken(LinkPurpose.Click, 15), "/product/7");

        Assert.That(pages.Select(p => (p as ViewResult)?.ViewName), Has.All.EqualTo(RetentionLinksController.PreviewView));
        Assert.That(pages.Select(p => ((ViewResult)p).StatusCode), Has.All.Null, "a preview link is not an error: 200");
        Assert.That(((LocalRedirectResult)click).Url, Is.EqualTo("/product/7"), "a tracked link still leads to its page");
        Assert.That(_wf.Contacts.Unsubscribes, Is.Empty);
        Assert.That(_wf.Stores.AllAnswers, Is.Empty);
        Assert.That(_wf.Stores.AllEvents, Is.Empty);
        Assert.That(_wf.Stores.AllEnrollments.Single(e => e.Id == enrollment.Id).State, Is.EqualTo(EnrollmentState.Active));
        Assert.That(_visitorCart, Is.Empty);
    }

    [Test]
    public async Task A_tampered_cart_link_copies_nothing()
    {
        var token = _wf.Token(LinkPurpose.CartRestore, await _wf.EnrolledAsync(15));

        var result = await Controller().Cart(WorkflowUiHarness.Tampered(token));

        AssertRefused(result, 400, RetentionLocales.LinkStatus(LinkStatus.Tampered));
        _ui.Cart.Verify(c => c.AddToCartAsync(It.IsAny<Customer>(), It.IsAny<Product>(), It.IsAny<ShoppingCartType>(), It.IsAny<int>(), It.IsAny<string>(),
            It.IsAny<decimal>(), It.IsAny<DateTime?>(), It.IsAny<DateTime?>(), It.IsAny<int>(), It.IsAny<bool>(), It.IsAny<int?>()), Times.Never);
        Assert.That(_visitorCart, Is.Empty);
    }

    [Test]
    public async Task A_cart_link_of_another_store_is_refused_here()
    {
        _ui.Store.Id = 1;
        var token = _wf.Token(LinkPurpose.CartRestore, await _wf.EnrolledAsync(15));

        var result = await Controller().Cart(token);

        AssertRefused(result, 400, RetentionLocales.LinkOtherStore);
        Assert.That(_visitorCart, Is.Empty);
    }

    [TestCase(null)]
    [TestCase("not-a-token")]
    public async Task The_open_pixel_is_always_a_gif_even_for_a_bad_token(string token)
    {
        var result = (FileContentResult)await Controller().Open(token);

        Assert.That(result.ContentType, Is.EqualTo("image/gif"));
        Assert.That(result.FileContents.Take(6), Is.EqualTo("GIF89a"u8.ToArray()));
        Assert.That(_wf.Stores.AllEvents, Is.Empty);
    }

    [Test]
    public async Task A_genuine_open_pixel_counts_one_open()
    {
        var token = _wf.Token(LinkPurpose.Open, await _wf.EnrolledAsync(15));

        await Controller().Open(token);
        await Controller().Open(token);

        Assert.That(_wf.Stores.AllEvents.Select(e => e.Kind), Is.EqualTo(new[] { WorkflowEventKind.Opened }));
    }

    [Test]
    public void Every_post_of_the_workflow_controllers_is_antiforgery_checked()
    {
        foreach (var controller in new[] { typeof(RetentionLinksController), typeof(RetentionWorkflowsAdminController) })
        {
            var classChecks = controller.GetCustomAttributesData().Any(a => a.AttributeType.Name == "AutoValidateAntiforgeryTokenAttribute");
            var posts = controller.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(m => m.GetCustomAttribute<HttpPostAttribute>() != null).ToList();

            Assert.That(posts, Is.Not.Empty, controller.Name);
            foreach (var post in posts)
                Assert.That(classChecks || post.GetCustomAttributesData().Any(a => a.AttributeType.Name == "ValidateAntiForgeryTokenAttribute"),
                    Is.True, $"{controller.Name}.{post.Name}");
            Assert.That(controller.GetCustomAttributesData().Any(a => a.AttributeType.Name == "IgnoreAntiforgeryTokenAttribute"), Is.False, controller.Name);
        }
    }

    [Test]
    public void The_landing_routes_are_the_paths_workflow_emails_link_to()
    {
        Assert.That(RouteProvider.LinkRoutes.Select(r => r.Pattern), Is.EquivalentTo(new[]
        {
            "retention/u/{token}", "retention/s/{token}", "retention/cart/{token}", "retention/c/{token}", "retention/o/{token}.gif",
        }));
        foreach (var (_, _, action) in RouteProvider.LinkRoutes)
            Assert.That(typeof(RetentionLinksController).GetMethods().Any(m => m.Name == action), Is.True, action);
    }
}
