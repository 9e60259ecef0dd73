using System.Globalization;
using System.Net;
using System.Text;
using Retention.Core.Common;
using Retention.Core.Coupons;
using Retention.Core.Localization;
using Retention.Core.Loyalty;
using Retention.Core.Loyalty.Cards;

namespace Retention.Core.Workflows.Content;

/// <summary>Which facts each workflow's email needs, and which emails are worth sending without them.</summary>
public static class EmailContentRules
{
    /// <summary>How many products a cross-sell, replenishment or welcome email shows.</summary>
    public const int ProductsShown = 3;

    /// <summary>The host facts <paramref name="workflow"/>'s emails need.</summary>
    public static EmailNeed Needs(WorkflowKind workflow) => workflow switch
    {
        WorkflowKind.AbandonedCart => EmailNeed.Cart,
        WorkflowKind.ReviewRequest => EmailNeed.UnreviewedProducts,
        WorkflowKind.CrossSell => EmailNeed.RelatedProducts,
        WorkflowKind.Replenishment => EmailNeed.ReorderedProduct,
        WorkflowKind.Welcome or WorkflowKind.WinBack or WorkflowKind.Birthday => EmailNeed.BestSellers,
        _ => EmailNeed.None,
    };

    /// <summary>Products an email may suggest: listed in the store and not gift cards, each once, best first, at most <see cref="ProductsShown"/>.</summary>
    public static IReadOnlyList<EmailProduct> Suggestable(IEnumerable<EmailProduct> candidates) =>
        candidates.Where(p => p.Listed && !p.IsGiftCard).DistinctBy(p => p.Id).Take(ProductsShown).ToList();
}

/// <summary>
/// Fills a step's <c>%Retention.*%</c> tokens from the host's <see cref="IEmailFacts"/>: the same markup on every host.
/// HTML tokens (<see cref="WorkflowTokens.Markup"/>) are markup with the store's and customers' text HTML-encoded here;
/// the others are plain text, encoded by whoever renders the body. Every workflow token is present (empty when it does not
/// apply), so a template never shows a raw <c>%Retention.…%</c>. Links go to the landing routes every host serves under
/// its store's address (<c>/retention/u|c|cart|s|o/…</c>).
/// </summary>
/// <param name="facts">The host's store, carts and products.</param>
/// <param name="loyalty">For the points and tier tokens; null when the host runs no loyalty program.</param>
/// <param name="loyaltySettings">For the review bonus; null when the host runs no loyalty program.</param>
/// <param name="cashback">For the cashback statement's tokens; null when the host runs no cashback.</param>
/// <param name="membership">For the membership reminders' tokens; null when the host runs no paid membership.</param>
/// <param name="stamps">For the stamp card emails' tokens; null when the host runs no stamp cards.</param>
/// <param name="challenges">For the challenge and badge emails' tokens; null when the host runs no challenges.</param>
public class WorkflowEmailContent(IEmailFacts facts, LoyaltyViews? loyalty = null, ILoyaltySettingsStore? loyaltySettings = null,
    Cashback.CashbackProgram? cashback = null, Membership.MembershipProgram? membership = null, Stamps.StampProgram? stamps = null,
    Challenges.ChallengeNotices? challenges = null) : IWorkflowContent
{
    private const int PictureWidth = 120;
    private const int CartPictureWidth = 64;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Every %Retention.*% token a step email gets (empty where the step has nothing to say).</summary>
    public static IReadOnlyList<string> AllTokens { get; } =
    [
        WorkflowTokens.UnsubscribeUrl, WorkflowTokens.CartItems, WorkflowTokens.CartItemsText, WorkflowTokens.CartRestoreUrl, WorkflowTokens.ShopUrl,
        WorkflowTokens.CouponCode, WorkflowTokens.CouponValue, WorkflowTokens.CouponExpires, WorkflowTokens.ReviewLinks,
        WorkflowTokens.ReviewLinksText, WorkflowTokens.ReviewBonus, WorkflowTokens.SurveyLinks, WorkflowTokens.SurveyLinksText,
        WorkflowTokens.Products, WorkflowTokens.ProductsText, WorkflowTokens.ExpiringPoints, WorkflowTokens.ExpiryDate, WorkflowTokens.ExpiryAdvice, WorkflowTokens.PointsOffer, WorkflowTokens.PointsOfferText,
        WorkflowTokens.TierName, WorkflowTokens.TierPerks, WorkflowTokens.OpenPixel, WorkflowTokens.Footer,
        WorkflowTokens.CardDiscount,
        WorkflowTokens.CashbackPeriod, WorkflowTokens.CashbackSpend, WorkflowTokens.CashbackRate, WorkflowTokens.CashbackAmount, WorkflowTokens.CashbackHowToUse,
        WorkflowTokens.MemberRenewalDate, WorkflowTokens.MemberEndsOn, WorkflowTokens.MemberSavedThisYear, WorkflowTokens.MemberSavings, WorkflowTokens.MemberPerks,
        WorkflowTokens.StampCardName, WorkflowTokens.StampReward, WorkflowTokens.StampsToGo, WorkflowTokens.StampCardExpires,
        WorkflowTokens.ChallengeName, WorkflowTokens.ChallengeReward, WorkflowTokens.BadgeName,
    ];

    public async Task<StepContent> RenderAsync(StepMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return (await RenderManyAsync([message], cancellationToken))[0];
    }

    public async Task<IReadOnlyList<StepContent>> RenderManyAsync(IReadOnlyList<StepMessage> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
            return [];
        foreach (var message in messages)
            ArgumentNullException.ThrowIfNull(message, nameof(messages));
        var read = await facts.ReadAsync(messages, cancellationToken);
        if (read.Count != messages.Count)
            throw new InvalidOperationException($"{facts.GetType().Name} answered {read.Count} facts for {messages.Count} messages.");
        var bonuses = new Dictionary<StoreId, int>();
        var contents = new List<StepContent>(messages.Count);
        for (var i = 0; i < messages.Count; i++)
            contents.Add(await RenderAsync(new Page(read[i].StoreUrl.TrimEnd('/'), messages[i], read[i], await facts.ReaderAsync(messages[i], cancellationToken)),
                bonuses, cancellationToken));
        return contents;
    }

    private async Task<StepContent> RenderAsync(Page page, Dictionary<StoreId, int> bonuses, CancellationToken cancellationToken)
    {
        var message = page.Message;
        AddLinks(page);
        await AddCouponAsync(page, cancellationToken);
        var nothing = page.Facts.Missing ?? EmailContentRules.Needs(message.Enrollment.Workflow) switch
        {
            EmailNeed.Cart => AddCart(page),
            EmailNeed.UnreviewedProducts => AddReviewLinks(page),
            EmailNeed.RelatedProducts or EmailNeed.ReorderedProduct => AddProducts(page),
            EmailNeed.BestSellers => WithoutProductsToo(AddProducts(page)),
            _ => null,
        };
        if (nothing != null)
            return StepContent.Nothing(nothing);
        if (message.Enrollment.Workflow == WorkflowKind.ReviewRequest)
            page.Tokens[WorkflowTokens.ReviewBonus] = await ReviewBonusAsync(message.Enrollment.Store, bonuses, cancellationToken) is > 0 and var bonus
                ? page.Reader.Number(bonus)
                : string.Empty;
        AddSurveyLinks(page);
        await AddPointsOfferAsync(page, cancellationToken);
        if (await AddLoyaltyAsync(page, cancellationToken) is { } noPoints)
            return StepContent.Nothing(noPoints);
        // The card's email names the percent reached, which its enrollment's subject recorded when it was reached.
        if (message.Enrollment.Workflow == WorkflowKind.CardLevelUp && CardNotice.PercentOf(message.Enrollment.Subject) is { } percent)
            page.Tokens[WorkflowTokens.CardDiscount] = percent.ToString("0.##", Inv) + "%";
        if (await AddCashbackAsync(page, cancellationToken) is { } noCashback)
            return StepContent.Nothing(noCashback);
        if (await AddMembershipAsync(page, cancellationToken) is { } noMembership)
            return StepContent.Nothing(noMembership);
        if (await AddStampsAsync(page, cancellationToken) is { } noStamps)
            return StepContent.Nothing(noStamps);
        if (await AddChallengesAsync(page, cancellationToken) is { } noChallenge)
            return StepContent.Nothing(noChallenge);
        return new StepContent(page.Tokens, null);
    }

    /// <summary>Best sellers are a bonus: a welcome, win-back or birthday email goes out without them.</summary>
    private static string? WithoutProductsToo(string? _) => null;

    /// <summary>What one rendering works on: the store's root URL, the message, its facts and the tokens so far.</summary>
    private sealed record Page(string Root, StepMessage Message, EmailFacts Facts, EmailReader Reader)
    {
        public Dictionary<string, string> Tokens { get; } = AllTokens.ToDictionary(t => t, _ => string.Empty);

        public string Landing(string route, string token) => $"{Root}/retention/{route}/{Uri.EscapeDataString(token)}";

        /// <summary>A tracked link: the click route counts it, then redirects to <paramref name="path"/> on this store only.</summary>
        public string Click(string path) => $"{Landing("c", Message.Links.Click)}?to={Uri.EscapeDataString(path)}";
    }

    private static void AddLinks(Page page)
    {
        var links = page.Message.Links;
        var unsubscribe = page.Landing("u", links.Unsubscribe);
        page.Tokens[WorkflowTokens.UnsubscribeUrl] = unsubscribe;
        // The templates put the footer in their own footer cell (small grey text); this is only its sentence.
        // The sentence is encoded as text, then the link's two markers become its tags.
        page.Tokens[WorkflowTokens.Footer] = E(page.Reader.Say(CoreMessages.EmailFooter(page.Message.Workflow.IsMarketing, LinkStart, LinkEnd)))
            .Replace(LinkStart, $"<a href=\"{E(unsubscribe)}\" style=\"color:#718096;\">", StringComparison.Ordinal)
            .Replace(LinkEnd, "</a>", StringComparison.Ordinal);
        if (links.Open is { } open)
            page.Tokens[WorkflowTokens.OpenPixel] =
                $"<img src=\"{E(page.Root)}/retention/o/{E(Uri.EscapeDataString(open))}.gif\" width=\"1\" height=\"1\" alt=\"\" style=\"display:block;border:0;\" />";
        page.Tokens[WorkflowTokens.ShopUrl] = page.Click("/");
        if (links.CartRestore is { } restore)
            page.Tokens[WorkflowTokens.CartRestoreUrl] = page.Landing("cart", restore);
    }

    private async Task AddCouponAsync(Page page, CancellationToken cancellationToken)
    {
        var message = page.Message;
        var offer = message.StepIndex < message.Workflow.Steps.Count ? message.Workflow.Steps[message.StepIndex].Coupon : null;
        if (message.Coupon is not { } coupon || offer == null)
            return;
        page.Tokens[WorkflowTokens.CouponCode] = coupon.Code;
        page.Tokens[WorkflowTokens.CouponValue] = offer.Kind == CouponKind.Percentage
            ? offer.Value.ToString("0.##", page.Reader.Culture) + "%"
            : await facts.FormatMoneyAsync(message, offer.Value, cancellationToken);
        page.Tokens[WorkflowTokens.CouponExpires] = page.Reader.Date(coupon.ExpiresUtc, message.Contact.TimeZone);
    }

    /// <summary>The customer's cart now (not when enrolled): what the cart page would show.</summary>
    private static string? AddCart(Page page)
    {
        var lines = page.Facts.Cart;
        if (lines.Count == 0)
            return "The cart is empty.";
        var html = new StringBuilder("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"border-collapse:collapse;\">");
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            if (line.Product is not { } product)
                continue;
            html.Append("<tr><td width=\"72\" style=\"padding:8px 12px 8px 0;\">");
            if (product.PictureUrl != null)
                html.Append("<img src=\"").Append(E(product.PictureUrl)).Append("\" width=\"").Append(CartPictureWidth.ToString(Inv)).Append("\" alt=\"")
                    .Append(E(product.Name)).Append("\" style=\"display:block;border:0;\" />");
            html.Append("</td><td style=\"padding:8px 0;font-family:Arial,sans-serif;font-size:14px;color:#333333;\">").Append(E(product.Name))
                .Append(" &times; ").Append(line.Quantity.ToString(page.Reader.Culture))
                .Append("</td><td align=\"right\" style=\"padding:8px 0;font-family:Arial,sans-serif;font-size:14px;color:#333333;\">").Append(E(line.Price))
                .Append("</td></tr>");
            text.Append("- ").Append(product.Name).Append(" x ").Append(line.Quantity.ToString(Inv)).Append(": ").Append(line.Price).Append('\n');
        }
        if (text.Length == 0)
            return "No product in the cart is still sold.";
        page.Tokens[WorkflowTokens.CartItems] = html.Append("</table>").ToString();
        page.Tokens[WorkflowTokens.CartItemsText] = text.ToString().TrimEnd();
        return null;
    }

    /// <summary>One review link per product of the order the customer has not reviewed in this store yet (gift cards excluded).</summary>
    private static string? AddReviewLinks(Page page)
    {
        if (TriggerRules.OrderOf(page.Message.Enrollment.Subject) == null)
            return $"The subject '{page.Message.Enrollment.Subject}' names no order.";
        var products = page.Facts.Products.Where(p => !p.IsGiftCard).DistinctBy(p => p.Id).OrderBy(p => p.Id).ToList();
        if (products.Count == 0)
            return "Every product of the order is reviewed already.";

        var html = new StringBuilder("<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" style=\"border-collapse:collapse;\">");
        var text = new StringBuilder();
        foreach (var product in products)
        {
            var url = page.Click(product.Path);
            html.Append("<tr><td style=\"padding:6px 0;font-family:Arial,sans-serif;font-size:14px;\"><a href=\"").Append(E(url))
                .Append("\" style=\"color:#2b6cb0;\">").Append(E(page.Reader.Say(CoreMessages.EmailReview(product.Name)))).Append("</a></td></tr>");
            text.Append("- ").Append(page.Reader.Say(CoreMessages.EmailReview(product.Name))).Append(": ").Append(url).Append('\n');
        }
        page.Tokens[WorkflowTokens.ReviewLinks] = html.Append("</table>").ToString();
        page.Tokens[WorkflowTokens.ReviewLinksText] = text.ToString().TrimEnd();
        return null;
    }

    /// <summary>The review bonus of the store's loyalty program (0 when off), read once per store per call.</summary>
    private async Task<int> ReviewBonusAsync(StoreId store, Dictionary<StoreId, int> perStore, CancellationToken cancellationToken)
    {
        if (loyaltySettings == null)
            return 0;
        if (!perStore.TryGetValue(store, out var bonus))
        {
            var settings = await loyaltySettings.LoadAsync(store, cancellationToken);
            perStore[store] = bonus = settings.Enabled ? settings.ReviewBonus : 0;
        }
        return bonus;
    }

    private static string? AddProducts(Page page)
    {
        var products = EmailContentRules.Suggestable(page.Facts.Products);
        if (products.Count == 0)
            return "There is no product to show.";

        var html = new StringBuilder("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"border-collapse:collapse;\"><tr>");
        var text = new StringBuilder();
        foreach (var product in products)
        {
            var url = page.Click(product.Path);
            html.Append("<td valign=\"top\" style=\"padding:8px;font-family:Arial,sans-serif;font-size:14px;color:#333333;\">");
            if (product.PictureUrl != null)
                html.Append("<a href=\"").Append(E(url)).Append("\"><img src=\"").Append(E(product.PictureUrl)).Append("\" width=\"").Append(PictureWidth.ToString(Inv))
                    .Append("\" alt=\"").Append(E(product.Name)).Append("\" style=\"display:block;border:0;\" /></a>");
            html.Append("<a href=\"").Append(E(url)).Append("\" style=\"color:#2b6cb0;\">").Append(E(product.Name)).Append("</a><br />").Append(E(product.Price)).Append("</td>");
            text.Append("- ").Append(product.Name).Append(" (").Append(product.Price).Append("): ").Append(url).Append('\n');
        }
        page.Tokens[WorkflowTokens.Products] = html.Append("</tr></table>").ToString();
        page.Tokens[WorkflowTokens.ProductsText] = text.ToString().TrimEnd();
        return null;
    }

    private static void AddSurveyLinks(Page page)
    {
        var answers = page.Message.Links.SurveyAnswers;
        if (answers.Count == 0)
            return;
        var reasons = page.Message.Enrollment.Workflow == WorkflowKind.WinBack;
        var html = new StringBuilder("<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" style=\"border-collapse:separate;border-spacing:4px;\"><tr>");
        var text = new StringBuilder();
        foreach (var (score, token) in answers.OrderBy(a => a.Key))
        {
            var url = page.Landing("s", token);
            var label = reasons && WinBackReasons.All.ContainsKey(score) ? page.Reader.Say(CoreMessages.EmailWinBackReason(score)) : score.ToString(Inv);
            html.Append("<td align=\"center\" style=\"border:1px solid #2b6cb0;border-radius:4px;padding:8px 12px;font-family:Arial,sans-serif;font-size:14px;\">")
                .Append("<a href=\"").Append(E(url)).Append("\" style=\"color:#2b6cb0;text-decoration:none;\">").Append(E(label)).Append("</a></td>");
            // Reasons are sentences: one per row; scores fit on one row.
            if (reasons)
                html.Append("</tr><tr>");
            text.Append(label).Append(": ").Append(url).Append('\n');
        }
        page.Tokens[WorkflowTokens.SurveyLinks] = html.Append("</tr></table>").ToString();
        page.Tokens[WorkflowTokens.SurveyLinksText] = text.ToString().TrimEnd();
    }

    /// <summary>The points and tier tokens; for a points-expiry reminder the advice, or why it has nothing to say (<see cref="ExpiryNotices"/>).</summary>
    private async Task<string?> AddLoyaltyAsync(Page page, CancellationToken cancellationToken)
    {
        var enrollment = page.Message.Enrollment;
        if (loyalty == null || enrollment.Workflow is not (WorkflowKind.PointsExpiry or WorkflowKind.TierUp))
            return null;
        var rewards = await loyalty.GetRewardsAsync(enrollment.Store, enrollment.Customer, historyLimit: 0, cancellationToken);
        var zone = page.Message.Contact.TimeZone;
        var reader = page.Reader;
        page.Tokens[WorkflowTokens.PointsBalance] = reader.Number(rewards.Available);
        page.Tokens[WorkflowTokens.ExpiringPoints] = reader.Number(rewards.ExpiringSoon.Points);
        page.Tokens[WorkflowTokens.ExpiryDate] = rewards.ExpiringSoon.FirstExpiryUtc is { } first ? reader.Date(first, zone) : string.Empty;
        page.Tokens[WorkflowTokens.TierName] = rewards.Tier ?? string.Empty;
        page.Tokens[WorkflowTokens.TierPerks] = rewards.Tier == null ? string.Empty : reader.Say(CoreMessages.EmailTierPerks(rewards.TierMultiplier));
        if (enrollment.Workflow != WorkflowKind.PointsExpiry || page.Message.IsPreview)
        {
            if (enrollment.Workflow == WorkflowKind.PointsExpiry)
                page.Tokens[WorkflowTokens.ExpiryAdvice] = reader.Say(CoreMessages.EmailExpirySpend());
            return null;
        }
        if (await loyalty.ExpiryNoticeAsync(enrollment.Store, enrollment.Customer, cancellationToken) is not { Notice: var notice })
            return "No points lapse within the reminder days any more.";
        switch (notice.Advice)
        {
            case ExpiryAdvice.Spend:
                page.Tokens[WorkflowTokens.ExpiryAdvice] = reader.Say(CoreMessages.EmailExpirySpend());
                return null;
            case ExpiryAdvice.EarnMore:
                page.Tokens[WorkflowTokens.ExpiryAdvice] = reader.Say(CoreMessages.EmailExpiryEarnMore(rewards.MinimumBalanceToRedeem, notice.PointsNeeded,
                    reader.Date(notice.OrderByUtc!.Value, zone)));
                return null;
            default:
                return $"The balance is below the redemption minimum of {rewards.MinimumBalanceToRedeem.ToString("N0", Inv)} points and cannot reach it before the points lapse.";
        }
    }

    /// <summary>
    /// Cart and win-back emails remind the customer of their points and what they are worth, when the program is on and
    /// the balance is positive; below the redemption minimum they say from when the points can be spent.
    /// </summary>
    private async Task AddPointsOfferAsync(Page page, CancellationToken cancellationToken)
    {
        var enrollment = page.Message.Enrollment;
        if (loyalty == null || loyaltySettings == null || enrollment.Workflow is not (WorkflowKind.AbandonedCart or WorkflowKind.WinBack))
            return;
        var settings = await loyaltySettings.LoadAsync(enrollment.Store, cancellationToken);
        if (!settings.Enabled)
            return;
        var rewards = await loyalty.GetRewardsAsync(enrollment.Store, enrollment.Customer, historyLimit: 0, cancellationToken);
        if (rewards.Available <= 0)
            return;
        var worth = await facts.FormatMoneyAsync(page.Message, rewards.AvailableValue, cancellationToken);
        var sentence = page.Reader.Say(CoreMessages.EmailPointsOffer(rewards.CanRedeem, enrollment.Workflow == WorkflowKind.AbandonedCart, rewards.Available, worth,
            rewards.MinimumBalanceToRedeem));
        page.Tokens[WorkflowTokens.PointsOfferText] = sentence;
        page.Tokens[WorkflowTokens.PointsOffer] =
            $"<p style=\"margin:0 0 16px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:24px;color:#333333;\">{E(sentence)}</p>";
    }

    // Stand-ins for the unsubscribe link's tags inside a translated sentence: characters no translation contains.
    private const string LinkStart = "\u0001", LinkEnd = "\u0002";

    /// <summary>The cashback statement's tokens from the period's payout (named by the enrollment's subject); nothing to send without one.</summary>
    private async Task<string?> AddCashbackAsync(Page page, CancellationToken cancellationToken)
    {
        var enrollment = page.Message.Enrollment;
        if (enrollment.Workflow != WorkflowKind.CashbackStatement)
            return null;
        if (page.Message.IsPreview)
        {
            page.Tokens[WorkflowTokens.CashbackPeriod] = "November 2026";
            page.Tokens[WorkflowTokens.CashbackSpend] = await facts.FormatMoneyAsync(page.Message, 6_000m, cancellationToken);
            page.Tokens[WorkflowTokens.CashbackRate] = "2 %";
            page.Tokens[WorkflowTokens.CashbackAmount] = await facts.FormatMoneyAsync(page.Message, 120m, cancellationToken);
            page.Tokens[WorkflowTokens.CashbackHowToUse] = "12,000 points were added to your balance: use them at checkout.";
            return null;
        }
        if (cashback is null || Cashback.CashbackPaid.PeriodOf(enrollment.Subject) is not { } period)
            return "No cashback payout is named by this enrollment.";
        if (await cashback.StatementAsync(enrollment.Store, enrollment.Customer, period, cancellationToken) is not { } statement)
            return "The cashback payout is no longer there (erased).";
        var payout = statement.Payout;
        page.Tokens[WorkflowTokens.CashbackPeriod] = Cashback.CashbackTexts.PeriodName(period);
        page.Tokens[WorkflowTokens.CashbackSpend] = await facts.FormatMoneyAsync(page.Message, payout.Spend, cancellationToken);
        page.Tokens[WorkflowTokens.CashbackRate] = payout.RatePercent.ToString("0.##", Inv) + " %";
        var amount = await facts.FormatMoneyAsync(page.Message, payout.Amount, cancellationToken);
        page.Tokens[WorkflowTokens.CashbackAmount] = amount;
        page.Tokens[WorkflowTokens.CashbackHowToUse] = payout.PayAs == Cashback.CashbackPayout.Points
            ? $"{payout.Points.ToString("N0", Inv)} points were added to your balance: use them at checkout."
            : $"Your gift card code is {payout.GiftCardCode}: enter it at checkout to pay with it (it holds {amount}).";
        return null;
    }

    /// <summary>
    /// The membership reminders' tokens: the date the enrollment's subject names, what the membership saved this year and
    /// the perks. Sent only while the membership still stands as when the reminder was due (a renewal reminder for a
    /// membership renewed early, cancelled or lapsed since, or an expiry reminder for one paid since, has nothing to say).
    /// </summary>
    private async Task<string?> AddMembershipAsync(Page page, CancellationToken cancellationToken)
    {
        var enrollment = page.Message.Enrollment;
        if (enrollment.Workflow is not (WorkflowKind.MembershipRenewal or WorkflowKind.MembershipExpiry))
            return null;
        var reader = page.Reader;
        var zone = page.Message.Contact.TimeZone;
        string Text(string key) => Membership.MembershipTexts.Template(key, reader.Culture);
        if (page.Message.IsPreview)
        {
            var sample = new DateTime(2026, 12, 31, 0, 0, 0, DateTimeKind.Utc);
            await AddMemberSavingsAsync(page, 27.45m, cancellationToken);
            page.Tokens[WorkflowTokens.MemberRenewalDate] = reader.Date(sample, zone);
            page.Tokens[WorkflowTokens.MemberEndsOn] = reader.Date(sample.AddDays(7), zone);
            page.Tokens[WorkflowTokens.MemberPerks] = MemberPerksSentence(new Membership.MembershipSettings(), Text, reader.Culture);
            return null;
        }
        if (membership is null || Membership.MembershipReminder.Parse(enrollment.Subject) is not { } reminder)
            return "No membership reminder is named by this enrollment.";
        var settings = await membership.SettingsAsync(enrollment.Store, cancellationToken);
        var status = await membership.StatusAsync(enrollment.Store, enrollment.Customer, cancellationToken);
        if (!settings.Enabled)
            return "Paid membership is switched off in the store.";
        if (reminder.Kind == Membership.MembershipReminderKind.Renewal
            && (status.State != Membership.MemberState.Active || status.PaidThroughUtc is not { } renews || DateOnly.FromDateTime(renews) != reminder.Day))
            return "The membership no longer renews on that day (renewed already, cancelled or lapsed).";
        if (reminder.Kind == Membership.MembershipReminderKind.Expiry
            && (status.State is not (Membership.MemberState.Grace or Membership.MemberState.Ending) || status.EndsUtc is not { } ends
                || DateOnly.FromDateTime(ends) != reminder.Day))
            return "The membership no longer ends on that day (paid since, or ended).";
        page.Tokens[WorkflowTokens.MemberRenewalDate] = reader.Date(status.PaidThroughUtc!.Value, zone);
        page.Tokens[WorkflowTokens.MemberEndsOn] = reader.Date(status.EndsUtc!.Value, zone);
        var saved = await membership.SavedThisYearAsync(enrollment.Store, enrollment.Customer, cancellationToken);
        await AddMemberSavingsAsync(page, saved.Total, cancellationToken);
        page.Tokens[WorkflowTokens.MemberPerks] = MemberPerksSentence(settings, Text, reader.Culture);
        return null;
    }

    private async Task AddMemberSavingsAsync(Page page, decimal total, CancellationToken cancellationToken)
    {
        var amount = await facts.FormatMoneyAsync(page.Message, total, cancellationToken);
        page.Tokens[WorkflowTokens.MemberSavedThisYear] = amount;
        page.Tokens[WorkflowTokens.MemberSavings] = total > 0m
            ? TextFormat.Format(Membership.MembershipTexts.Template("saved", page.Reader.Culture), page.Reader.Culture, TextArg.Of("amount", amount))
            : string.Empty;
    }

    private static string MemberPerksSentence(Membership.MembershipSettings settings, Func<string, string> text, CultureInfo culture)
    {
        var perks = Membership.MembershipTexts.Perks(settings, text, culture);
        return perks.Count == 0 ? string.Empty : TextFormat.Format(text("perks"), culture, TextArg.Of("perks", string.Join(", ", perks)));
    }

    /// <summary>
    /// The stamp card emails' tokens, read from the card as it is when the email is made: a full card's coupon (code, what
    /// it gives, its last day); a partial card's missing stamps and the day they lapse. Nothing to send when the card is
    /// no longer there or, for the reminder, no longer about to lapse (filled, refunded, lapsed).
    /// </summary>
    private async Task<string?> AddStampsAsync(Page page, CancellationToken cancellationToken)
    {
        var enrollment = page.Message.Enrollment;
        if (enrollment.Workflow is not (WorkflowKind.StampCardFull or WorkflowKind.StampCardExpiring))
            return null;
        var (reader, zone) = (page.Reader, page.Message.Contact.TimeZone);
        if (page.Message.IsPreview)
        {
            page.Tokens[WorkflowTokens.StampCardName] = "House Blend card";
            page.Tokens[WorkflowTokens.StampReward] = reader.Say(CoreMessages.EmailStampFreeProduct("House Blend"));
            page.Tokens[WorkflowTokens.StampsToGo] = reader.Number(2);
            page.Tokens[WorkflowTokens.StampCardExpires] = reader.Date(enrollment.EnrolledUtc.AddDays(Stamps.StampProgram.ReminderDays), zone);
            page.Tokens[WorkflowTokens.CouponCode] = "STAMP-PREVIEW";
            page.Tokens[WorkflowTokens.CouponExpires] = reader.Date(enrollment.EnrolledUtc.AddDays(60), zone);
            return null;
        }
        if (stamps is null || loyaltySettings is null)
            return "The host runs no stamp cards.";
        if (enrollment.Workflow == WorkflowKind.StampCardFull)
        {
            if (Stamps.StampNotice.FullOf(enrollment.Subject) is not { } full
                || await stamps.FilledCardAsync(enrollment.Store, enrollment.Customer, full.CardId, full.Number, cancellationToken) is not { } card)
                return "The full stamp card is no longer there (erased).";
            if (card.State == Tables.StampState.Withdrawn)
                return "The card's coupon was withdrawn: the order that filled it was refunded.";
            page.Tokens[WorkflowTokens.StampCardName] = card.Card.Name;
            page.Tokens[WorkflowTokens.StampReward] = await StampRewardAsync(page, card.Card, cancellationToken);
            page.Tokens[WorkflowTokens.CouponCode] = card.CouponCode;
            page.Tokens[WorkflowTokens.CouponValue] = await facts.FormatMoneyAsync(page.Message, card.RewardValue, cancellationToken);
            page.Tokens[WorkflowTokens.CouponExpires] = reader.Date(card.CouponExpiresUtc, zone);
            return null;
        }
        if (Stamps.StampNotice.ExpiringOf(enrollment.Subject) is not { } partial
            || await stamps.StillExpiringAsync(enrollment.Store, enrollment.Customer, partial.CardId, partial.Number, cancellationToken) is not { } expiring)
            return "The partial stamp card filled, lapsed or lost its stamps since.";
        var definition = (await loyaltySettings.LoadAsync(enrollment.Store, cancellationToken)).StampCards.First(c => c.Id == expiring.CardId);
        page.Tokens[WorkflowTokens.StampCardName] = definition.Name;
        page.Tokens[WorkflowTokens.StampReward] = await StampRewardAsync(page, definition, cancellationToken);
        page.Tokens[WorkflowTokens.StampsToGo] = reader.Number(expiring.StampsToGo);
        page.Tokens[WorkflowTokens.StampCardExpires] = reader.Date(expiring.ExpiresUtc, zone);
        return null;
    }

    private async Task<string> StampRewardAsync(Page page, Stamps.StampCardDefinition card, CancellationToken cancellationToken) =>
        page.Reader.Say(card.Reward == Stamps.StampReward.AmountOff
            ? CoreMessages.EmailStampAmountOff(await facts.FormatMoneyAsync(page.Message, card.RewardAmount, cancellationToken))
            : CoreMessages.EmailStampFreeProduct(await stamps!.RewardProductNameAsync(page.Message.Enrollment.Store, card, page.Message.Enrollment.Customer, cancellationToken)));

    /// <summary>
    /// The challenge and badge emails' tokens from the completion or badge as it is when the email is made: nothing to send
    /// when a refund revoked the completion meanwhile, or the customer was erased.
    /// </summary>
    private async Task<string?> AddChallengesAsync(Page page, CancellationToken cancellationToken)
    {
        var enrollment = page.Message.Enrollment;
        if (enrollment.Workflow is not (WorkflowKind.ChallengeCompleted or WorkflowKind.BadgeEarned))
            return null;
        var (reader, zone) = (page.Reader, page.Message.Contact.TimeZone);
        if (page.Message.IsPreview)
        {
            page.Tokens[WorkflowTokens.ChallengeName] = "Explorer";
            page.Tokens[WorkflowTokens.ChallengeReward] = reader.Say(CoreMessages.EmailChallengePoints(500, reader.Date(enrollment.EnrolledUtc.AddDays(14), zone)));
            page.Tokens[WorkflowTokens.BadgeName] = reader.Say(CoreMessages.BadgeFirstOrder());
            return null;
        }
        if (challenges is null)
            return "The host runs no challenges.";
        if (enrollment.Workflow == WorkflowKind.BadgeEarned)
        {
            if (Challenges.ChallengeNotice.BadgeOf(enrollment.Subject) is not { } badge
                || await challenges.BadgeAsync(enrollment.Store, enrollment.Customer, badge, cancellationToken) is not { } name)
                return "The badge is no longer there (erased).";
            page.Tokens[WorkflowTokens.BadgeName] = reader.Say(name);
            return null;
        }
        if (Challenges.ChallengeNotice.CompletedOf(enrollment.Subject) is not { } attempt
            || await challenges.CompletionAsync(enrollment.Store, enrollment.Customer, attempt.ChallengeId, attempt.Attempt, cancellationToken) is not { } found)
            return "The completion was revoked by a refund, or is no longer there.";
        var (record, challenge) = found;
        string? reward = challenge.Reward switch
        {
            // Pending points say from when they can be spent (the return window the completion is held for).
            Challenges.ChallengeReward.Points => reader.Say(CoreMessages.EmailChallengePoints(record.Points,
                record.HoldUntilUtc is { } hold && hold > enrollment.EnrolledUtc ? reader.Date(hold, zone) : null)),
            Challenges.ChallengeReward.Coupon when record.CouponCode is { } code => reader.Say(CoreMessages.EmailChallengeCoupon(
                await facts.FormatMoneyAsync(page.Message, challenge.CouponAmount, cancellationToken), code,
                reader.Date(record.UpdatedUtc.AddDays(challenge.CouponValidDays), zone))),
            Challenges.ChallengeReward.Badge => reader.Say(CoreMessages.EmailChallengeBadge(reader.Say(CoreMessages.BadgeOfChallenge(challenge.Name)))),
            _ => null,
        };
        if (reward is null)
            return "The challenge's coupon is not issued yet.";
        page.Tokens[WorkflowTokens.ChallengeName] = challenge.Name;
        page.Tokens[WorkflowTokens.ChallengeReward] = reward;
        return null;
    }

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);
}
