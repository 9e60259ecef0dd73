using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Nop.Core;
using Nop.Core.Domain.Customers;
using Nop.Core.Domain.Orders;
using Nop.Plugin.Misc.Retention.Models.Public;
using Nop.Services.Catalog;
using Nop.Services.Customers;
using Nop.Services.Localization;
using Nop.Services.Orders;
using Nop.Web.Framework.Controllers;
using Retention.Core.Workflows;

namespace Nop.Plugin.Misc.Retention.Controllers;

/// <summary>
/// The pages behind the signed links in workflow emails: unsubscribe, survey score (and its comment), cart restore,
/// tracked click and open pixel. The token is checked by <see cref="WorkflowLinks"/> before anything happens; a refused
/// token gets one error page (400, 410 when expired) and changes nothing. No page signs anyone in. Opening an unsubscribe
/// or survey link only shows a page (mail scanners open every link); the change is that page's POST.
/// </summary>
[AutoValidateAntiforgeryToken]
public class RetentionLinksController : BasePluginController
{
    public const string ErrorView = RetentionDefaults.ViewsPath + "Public/LinkError.cshtml";
    public const string UnsubscribeView = RetentionDefaults.ViewsPath + "Public/LinkUnsubscribe.cshtml";
    public const string SurveyView = RetentionDefaults.ViewsPath + "Public/LinkSurvey.cshtml";
    public const string PreviewView = RetentionDefaults.ViewsPath + "Public/LinkPreview.cshtml";

    /// <summary>nopCommerce's cart page route (<c>NopRouteNames.General.CART</c>).</summary>
    public const string CartRouteName = "ShoppingCart";

    /// <summary>The form field of the survey comment.</summary>
    public const string CommentField = "comment";

    /// <summary>The form field that tells the survey's answer form (score, optional comment) from the comment form after it.</summary>
    public const string PartField = "part";

    /// <summary><see cref="PartField"/>'s value on the comment form, where a comment is required.</summary>
    public const string CommentPart = "comment";

    /// <summary>A transparent 1×1 GIF.</summary>
    private static readonly byte[] Pixel = Convert.FromBase64String("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    #region Fields

    private readonly WorkflowLinks _links;
    private readonly ICustomerService _customerService;
    private readonly ILocalizationService _localizationService;
    private readonly IProductService _productService;
    private readonly IShoppingCartService _shoppingCartService;
    private readonly IStoreContext _storeContext;
    private readonly IWorkContext _workContext;

    #endregion

    #region Ctor

    public RetentionLinksController(WorkflowLinks links, ICustomerService customerService, ILocalizationService localizationService,
        IProductService productService, IShoppingCartService shoppingCartService, IStoreContext storeContext, IWorkContext workContext)
    {
        _links = links;
        _customerService = customerService;
        _localizationService = localizationService;
        _productService = productService;
        _shoppingCartService = shoppingCartService;
        _storeContext = storeContext;
        _workContext = workContext;
    }

    #endregion

    #region Methods

    /// <summary>
    /// retention/u/{token} opened: the question and a button, nothing changed yet. Mail scanners open every link in an
    /// email, so only the POST (<see cref="UnsubscribeConfirm"/>) unsubscribes.
    /// </summary>
    [HttpGet]
    public async Task<IActionResult> Unsubscribe(string token)
    {
        var question = await _links.ReadUnsubscribeAsync(token, HttpContext.RequestAborted);
        if (!question.Check.IsValid)
            return await RefusedAsync(question.Check.Status);
        if (question.Check.IsPreview)
            return View(PreviewView);
        return View(UnsubscribeView, new LinkUnsubscribeModel { Token = token, Asking = !question.AlreadyUnsubscribed });
    }

    /// <summary>
    /// The unsubscribe itself: the page's button, or a mail client's one-click POST (RFC 8058, body
    /// <c>List-Unsubscribe=One-Click</c>). A mail client has no antiforgery token, so none is asked for: the signed token
    /// is the proof. A repeated POST changes nothing more.
    /// </summary>
    /// <remarks>
    /// nopCommerce 4.90 cannot send the <c>List-Unsubscribe</c> headers that make mail clients offer this POST: a
    /// <c>QueuedEmail</c> has no header field and <c>QueuedMessagesSendTask</c> calls <c>IEmailSender.SendEmailAsync</c>
    /// without its <c>headers</c> argument, so workflow emails queued through <c>IQueuedEmailService</c> carry none. The
    /// endpoint still accepts the one-click body, for a store that adds the headers in its own email sender
    /// (<see cref="EmailLinks.UnsubscribeHeaders"/> gives them).
    /// </remarks>
    [HttpPost, ActionName("Unsubscribe"), IgnoreAntiforgeryToken]
    public async Task<IActionResult> UnsubscribeConfirm(string token)
    {
        var result = await _links.UnsubscribeAsync(token, HttpContext.RequestAborted);
        if (!result.Check.IsValid)
            return await RefusedAsync(result.Check.Status);
        if (result.Check.IsPreview)
            return View(PreviewView);
        return View(UnsubscribeView, new LinkUnsubscribeModel { Token = token, Changed = result.Changed, Done = true });
    }

    /// <summary>
    /// retention/s/{token} opened: the score the link carries, an optional comment and a button; nothing is recorded yet
    /// (mail scanners open every link). When the survey was answered before: the answer that stands and the comment form.
    /// </summary>
    [HttpGet]
    public async Task<IActionResult> Survey(string token)
    {
        var read = await _links.ReadSurveyAsync(token, HttpContext.RequestAborted);
        if (!read.Check.IsValid || read.Kind is not { } kind || read.Score is not { } score)
            return await RefusedAsync(read.Check.Status);
        if (read.Check.IsPreview)
            return View(PreviewView);
        if (read.ExistingScore is { } standing)
            return View(SurveyView, await SurveyModelAsync(token, kind, standing, answeredBefore: true));
        return View(SurveyView, await SurveyModelAsync(token, kind, score, answeredBefore: false) with { Asking = true });
    }

    /// <summary>
    /// The survey page's form (antiforgery-checked; the link is checked again): records the link's score once (a repeated
    /// POST is harmless) and the comment when one was written. An overlong comment, or an empty one sent on its own
    /// (<see cref="CommentPart"/>), comes back with its message and nothing recorded.
    /// </summary>
    [HttpPost]
    public async Task<IActionResult> Survey(string token, [FromForm(Name = CommentField)] string comment, [FromForm(Name = PartField)] string part = null)
    {
        var answering = part != CommentPart;
        var text = comment?.Trim() ?? string.Empty;
        if (text.Length == 0 && !answering)
            ModelState.AddModelError(CommentField, await _localizationService.GetResourceAsync(RetentionLocales.LinkCommentRequired));
        else if (text.Length > SurveyAnswer.MaxCommentLength)
            ModelState.AddModelError(CommentField, global::Retention.Core.Localization.TextFormat.FormatIndexed(await _localizationService.GetResourceAsync(RetentionLocales.LinkCommentTooLong), System.Globalization.CultureInfo.CurrentCulture,
                SurveyAnswer.MaxCommentLength));

        if (!ModelState.IsValid)
        {
            // The form comes back with the message and the text typed; nothing is recorded.
            var read = await _links.ReadSurveyAsync(token, HttpContext.RequestAborted);
            if (!read.Check.IsValid || read.Kind is not { } kind)
                return await RefusedAsync(read.Check.Status);
            if (read.Check.IsPreview)
                return View(PreviewView);
            var model = await SurveyModelAsync(token, kind, read.ExistingScore ?? read.Score ?? 0, answeredBefore: read.ExistingScore != null);
            return View(SurveyView, model with { Comment = comment, Asking = answering && read.ExistingScore == null });
        }

        var answer = await _links.AnswerSurveyAsync(token, HttpContext.RequestAborted);
        if (!answer.Check.IsValid || answer.Kind is not { } answered)
            return await RefusedAsync(answer.Check.Status);
        if (answer.Check.IsPreview)
            return View(PreviewView);
        var standing = answer.Recorded ? answer.Score ?? 0 : answer.ExistingScore ?? answer.Score ?? 0;
        var thanks = await SurveyModelAsync(token, answered, standing, answeredBefore: !answer.Recorded);
        if (text.Length == 0)
            return View(SurveyView, thanks);
        var saved = await _links.CommentSurveyAsync(token, text, HttpContext.RequestAborted);
        if (!saved.IsValid)
            return await RefusedAsync(saved.Status);
        return View(SurveyView, thanks with { CommentSaved = true, Comment = text });
    }

    /// <summary>
    /// retention/cart/{token}: copies the enrolled customer's cart lines into the visitor's current cart (a guest's too),
    /// then shows the cart. Lines the visitor already holds are topped up to the email's quantity, never added again.
    /// </summary>
    public async Task<IActionResult> Cart(string token)
    {
        var result = await _links.RestoreCartAsync(token, HttpContext.RequestAborted);
        if (result.Check.IsPreview)
            return View(PreviewView);
        if (!result.Check.IsValid || result.Store is not { } store || result.Customer is not { } customerId)
            return await RefusedAsync(result.Check.Status);

        var currentStore = await _storeContext.GetCurrentStoreAsync();
        if (currentStore.Id != store.Value)
            return await RefusedAsync(LinkStatus.WrongPurpose, RetentionLocales.LinkOtherStore);

        var owner = await _customerService.GetCustomerByIdAsync(customerId.Value);
        if (owner != null)
            await CopyCartAsync(_shoppingCartService, _productService, owner, await _workContext.GetCurrentCustomerAsync(), store.Value);
        return RedirectToRoute(CartRouteName);
    }

    /// <summary>
    /// retention/c/{token}?to=/path: counts the click and goes to a page of this store, the path percent-encoded as a
    /// browser would (product names may be localized). A target outside the store is refused and nothing is counted
    /// (no open redirect); the rule is Core's <see cref="ClickTarget"/>, as in the sandbox.
    /// </summary>
    public async Task<IActionResult> Click(string token, string to)
    {
        var result = await _links.ClickAsync(token, to, HttpContext.RequestAborted);
        if (result.TargetRefused)
            return await RefusedAsync(LinkStatus.Malformed, RetentionLocales.LinkExternalTarget);
        if (result.Location is not { } location)
            return await RefusedAsync(result.Check.Status);
        return LocalRedirect(location);
    }

    /// <summary>retention/o/{token}.gif: counts the open; always the pixel, never an error page, never cached.</summary>
    public async Task<IActionResult> Open(string token)
    {
        await _links.OpenAsync(token, HttpContext.RequestAborted);
        Response.Headers.CacheControl = "no-store, no-cache, must-revalidate";
        return File(Pixel, "image/gif");
    }

    /// <summary>
    /// Tops the visitor's cart in the store up to the owner's lines (same product, attributes and entered price): a line
    /// is added only for the quantity the visitor lacks, so following the link again adds nothing. Returns the
    /// quantity added; products gone from the catalog or refused by nopCommerce's cart rules are left out.
    /// </summary>
    public static async Task<int> CopyCartAsync(IShoppingCartService cart, IProductService products, Customer owner, Customer visitor, int storeId)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(visitor);
        var source = await cart.GetShoppingCartAsync(owner, ShoppingCartType.ShoppingCart, storeId);
        var target = owner.Id == visitor.Id ? source : await cart.GetShoppingCartAsync(visitor, ShoppingCartType.ShoppingCart, storeId);

        var added = 0;
        foreach (var line in source.GroupBy(l => (l.ProductId, Attributes: l.AttributesXml ?? string.Empty, l.CustomerEnteredPrice)))
        {
            var wanted = line.Sum(l => l.Quantity);
            var held = target.Where(t => t.ProductId == line.Key.ProductId && (t.AttributesXml ?? string.Empty) == line.Key.Attributes
                && t.CustomerEnteredPrice == line.Key.CustomerEnteredPrice).Sum(t => t.Quantity);
            if (wanted <= held)
                continue;
            var product = await products.GetProductByIdAsync(line.Key.ProductId);
            if (product == null)
                continue;
            var warnings = await cart.AddToCartAsync(visitor, product, ShoppingCartType.ShoppingCart, storeId, line.First().AttributesXml,
                line.Key.CustomerEnteredPrice, quantity: wanted - held);
            if (warnings == null || warnings.Count == 0)
                added += wanted - held;
        }
        return added;
    }

    #endregion

    #region Utilities

    private async Task<LinkSurveyModel> SurveyModelAsync(string token, SurveyKind kind, int score, bool answeredBefore) => new()
    {
        Token = token,
        Kind = kind,
        Score = score,
        ScoreText = kind == SurveyKind.WinBackReason
            ? await _localizationService.GetResourceAsync(RetentionLocales.WinBackReason(score))
            : score.ToString(System.Globalization.CultureInfo.InvariantCulture),
        AnsweredBefore = answeredBefore,
    };

    /// <summary>The one error page: 410 for an expired link (it did work once), 400 for anything else.</summary>
    private async Task<IActionResult> RefusedAsync(LinkStatus status, string messageResource = null)
    {
        var view = View(ErrorView, new LinkErrorModel
        {
            Status = status,
            Message = await _localizationService.GetResourceAsync(messageResource ?? RetentionLocales.LinkStatus(status)),
        });
        view.StatusCode = status == LinkStatus.Expired ? StatusCodes.Status410Gone : StatusCodes.Status400BadRequest;
        return view;
    }

    #endregion
}
