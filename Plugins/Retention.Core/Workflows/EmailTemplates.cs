// Positional records document only the parameters that need a word; the rest are named plainly.
#pragma warning disable CS1573
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Retention.Core.Workflows;

/// <summary>The names of the tokens workflow emails use, without the % signs; <see cref="Content.WorkflowEmailContent"/> fills the Retention ones from the host's facts.</summary>
public static class WorkflowTokens
{
    public const string UnsubscribeUrl = "Retention.UnsubscribeUrl";
    public const string CartItems = "Retention.CartItems";
    public const string CartItemsText = "Retention.CartItemsText";
    public const string CartRestoreUrl = "Retention.CartRestoreUrl";
    public const string ShopUrl = "Retention.ShopUrl";
    public const string CouponCode = "Retention.CouponCode";
    public const string CouponValue = "Retention.CouponValue";
    public const string CouponExpires = "Retention.CouponExpires";
    public const string ReviewLinks = "Retention.ReviewLinks";
    public const string ReviewLinksText = "Retention.ReviewLinksText";
    public const string ReviewBonus = "Retention.ReviewBonus";
    public const string SurveyLinks = "Retention.SurveyLinks";
    public const string SurveyLinksText = "Retention.SurveyLinksText";
    public const string Products = "Retention.Products";
    public const string ProductsText = "Retention.ProductsText";
    public const string ExpiringPoints = "Retention.ExpiringPoints";
    public const string ExpiryDate = "Retention.ExpiryDate";
    public const string ExpiryAdvice = "Retention.ExpiryAdvice";
    public const string PointsOffer = "Retention.PointsOffer";
    public const string PointsOfferText = "Retention.PointsOfferText";
    public const string TierName = "Retention.TierName";
    public const string TierPerks = "Retention.TierPerks";
    public const string OpenPixel = "Retention.OpenPixel";
    public const string Footer = "Retention.Footer";
    /// <summary>The discount card's percent just reached, with its sign ("5%").</summary>
    public const string CardDiscount = "Retention.CardDiscount";
    /// <summary>Loyalty token the plugin already adds to every email with customer tokens.</summary>
    public const string PointsBalance = "Retention.PointsBalance";
    /// <summary>Periodic cashback statement (issue 18).</summary>
    public const string CashbackPeriod = "Retention.CashbackPeriod";
    public const string CashbackSpend = "Retention.CashbackSpend";
    public const string CashbackRate = "Retention.CashbackRate";
    public const string CashbackAmount = "Retention.CashbackAmount";
    public const string CashbackHowToUse = "Retention.CashbackHowToUse";
    /// <summary>Paid membership's reminders (issue 18).</summary>
    public const string MemberRenewalDate = "Retention.MemberRenewalDate";
    public const string MemberEndsOn = "Retention.MemberEndsOn";
    public const string MemberSavedThisYear = "Retention.MemberSavedThisYear";
    public const string MemberSavings = "Retention.MemberSavings";
    public const string MemberPerks = "Retention.MemberPerks";
    /// <summary>Stamp cards and challenges (issue 18).</summary>
    public const string StampCardName = "Retention.StampCardName";
    public const string StampReward = "Retention.StampReward";
    public const string StampsToGo = "Retention.StampsToGo";
    public const string StampCardExpires = "Retention.StampCardExpires";
    public const string ChallengeName = "Retention.ChallengeName";
    public const string ChallengeReward = "Retention.ChallengeReward";
    public const string BadgeName = "Retention.BadgeName";

    /// <summary>
    /// The tokens whose value is markup Core's content built (and encoded the store's and customers' text in). Every
    /// other token is plain text, HTML-encoded into an HTML body by whoever renders it (nopCommerce's tokenizer, the
    /// sandbox, the previews), so a value nobody thought could hold markup (a tier name stored before names were
    /// checked) is shown as text.
    /// </summary>
    public static readonly IReadOnlySet<string> Markup = new HashSet<string>(StringComparer.Ordinal)
    {
        CartItems, ReviewLinks, SurveyLinks, Products, OpenPixel, Footer, PointsOffer,
    };
}

/// <summary>One workflow step's default email.</summary>
/// <param name="Name">The message template's system name (<see cref="WorkflowCatalog.TemplateName"/>).</param>
/// <param name="HtmlBody">Email-client-safe HTML: nested tables 600 px wide, inline styles only, no scripts or external CSS.</param>
/// <param name="TextBody">The plain-text part, for hosts whose mail path carries one (the sandbox; nopCommerce 4.90 sends HTML only).</param>
/// <param name="IsMarketing">Marketing bodies end with the signed unsubscribe footer; transactional ones (tier, expiring points) do not.</param>
public sealed record EmailTemplate(string Name, string Subject, string HtmlBody, string TextBody, bool IsMarketing);

/// <summary>
/// The default emails of every workflow step in <see cref="WorkflowCatalog"/>, installed as nopCommerce message templates
/// (inactive until the merchant switches the workflow on) and rendered by the sandbox. The wording is plain and short; the
/// merchant edits it in the store's own template editor.
/// </summary>
public static class EmailTemplates
{
    /// <summary>
    /// Every token a default template may use, with what it holds. nopCommerce's own come from its
    /// <c>MessageTokenProvider</c> (store and customer tokens, present in every 4.90 email that names a customer).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Tokens = new Dictionary<string, string>
    {
        ["Store.Name"] = "nopCommerce: the store's (localized) name.",
        ["Store.URL"] = "nopCommerce: the store's URL.",
        ["Store.Email"] = "nopCommerce: the address of the email account sending the message.",
        ["Store.CompanyName"] = "nopCommerce: the company behind the store.",
        ["Store.CompanyAddress"] = "nopCommerce: the company's postal address.",
        ["Customer.FirstName"] = "nopCommerce: the customer's first name.",
        ["Customer.FullName"] = "nopCommerce: the customer's full name.",
        [WorkflowTokens.UnsubscribeUrl] = "URL of the signed one-click unsubscribe link.",
        [WorkflowTokens.CartItems] = "HTML table of the cart's lines (picture, name, quantity, price).",
        [WorkflowTokens.CartItemsText] = "The cart's lines, one per text line.",
        [WorkflowTokens.CartRestoreUrl] = "URL of the signed link that puts the cart's items back into the visitor's cart.",
        [WorkflowTokens.ShopUrl] = "URL of the store's home page through the click route, so a visit from the email is counted and credited.",
        [WorkflowTokens.CouponCode] = "The step's single-use coupon code.",
        [WorkflowTokens.CouponValue] = "What the coupon is worth, formatted (10 %, €5.00).",
        [WorkflowTokens.CouponExpires] = "The coupon's last valid day, formatted for the customer.",
        [WorkflowTokens.ReviewLinks] = "HTML list of the order's products not yet reviewed, each linking (click-tracked) to its review page.",
        [WorkflowTokens.ReviewLinksText] = "The same as text: product name and URL per line.",
        [WorkflowTokens.ReviewBonus] = "A sentence about the loyalty bonus for an approved review, or empty.",
        [WorkflowTokens.SurveyLinks] = "HTML row of one signed link per score.",
        [WorkflowTokens.SurveyLinksText] = "The same as text: score and URL per line.",
        [WorkflowTokens.Products] = "HTML table of products (cross-sell: related / also purchased; replenishment: the products due), click-tracked.",
        [WorkflowTokens.ProductsText] = "The same as text: product name and URL per line.",
        [WorkflowTokens.ExpiringPoints] = "Points lapsing first.",
        [WorkflowTokens.ExpiryDate] = "The day they lapse, formatted for the customer.",
        [WorkflowTokens.ExpiryAdvice] = "What to do before they lapse: spend them, or (below the redemption minimum) how many more points to earn by when.",
        [WorkflowTokens.PointsBalance] = "Loyalty: the customer's available points.",
        [WorkflowTokens.PointsOffer] = "Loyalty (cart and win-back emails): an HTML paragraph with the customer's points and what they are worth, or empty when the program is off or the balance is 0.",
        [WorkflowTokens.PointsOfferText] = "The same sentence as text.",
        [WorkflowTokens.TierName] = "The loyalty tier just reached.",
        [WorkflowTokens.TierPerks] = "A sentence listing what the tier gives (multiplier, perks); text, HTML-encoded, so it fits both parts.",
        [WorkflowTokens.OpenPixel] = "A 1×1 tracking image when the store counts opens, else empty.",
        [WorkflowTokens.Footer] = "HTML footer line with the signed unsubscribe link and why the customer gets the email.",
        [WorkflowTokens.CardDiscount] = "Discount card: the percent off every order the card just reached (5%).",
        [WorkflowTokens.CashbackPeriod] = "Cashback: the period paid (November 2026, Q4 2026).",
        [WorkflowTokens.CashbackSpend] = "Cashback: what the customer spent in the period, formatted.",
        [WorkflowTokens.CashbackRate] = "Cashback: the rate of the band reached (2 %).",
        [WorkflowTokens.CashbackAmount] = "Cashback: the amount paid, formatted.",
        [WorkflowTokens.CashbackHowToUse] = "Cashback: how to use it (the points added, or the gift card's code to enter at checkout).",
        [WorkflowTokens.MemberRenewalDate] = "Membership: the day the membership is paid through and renews, formatted for the customer.",
        [WorkflowTokens.MemberEndsOn] = "Membership: the day the perks stop unless the member pays (end of the grace, or the paid-through day when cancelled).",
        [WorkflowTokens.MemberSavedThisYear] = "Membership: what the perks saved the member this calendar year, formatted (0 when nothing yet).",
        [WorkflowTokens.MemberSavings] = "Membership: the sentence \"Your membership saved you X this year.\", or empty when it saved nothing yet.",
        [WorkflowTokens.MemberPerks] = "Membership: a sentence listing the perks (discount, free shipping, points multiplier, members-only products).",
        [WorkflowTokens.StampCardName] = "Stamp card: the card's name (House Blend card).",
        [WorkflowTokens.StampReward] = "Stamp card: what a full card gives (one House Blend free, $10.00 off your next order).",
        [WorkflowTokens.StampsToGo] = "Stamp card reminder: the stamps still missing on the partial card.",
        [WorkflowTokens.StampCardExpires] = "Stamp card reminder: the day the partial card's stamps lapse, formatted for the customer.",
        [WorkflowTokens.ChallengeName] = "Challenge: the challenge's name.",
        [WorkflowTokens.ChallengeReward] = "Challenge: a sentence saying what the customer got (points and from when they can be spent, the coupon's code and terms, or the badge).",
        [WorkflowTokens.BadgeName] = "Badge: the badge's name.",
    };

    private static readonly Regex TokenPattern = new("%([A-Za-z][A-Za-z0-9_.()]*)%", RegexOptions.CultureInvariant);

    /// <summary>Every default template, one per step of <see cref="WorkflowCatalog"/>.</summary>
    public static readonly IReadOnlyList<EmailTemplate> All = Build(english => english);

    /// <summary>
    /// The Russian wording of every phrase of the default templates, keyed by the English phrase (as gettext keys a
    /// catalog by its source text: the templates are written once, in English, and each phrase is looked up here).
    /// Counts stand after a colon ("Баллов на вашем счёте: 150"), so no noun has to agree with a token's number.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> RussianPhrases = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Hello %Customer.FirstName%,"] = "Здравствуйте, %Customer.FirstName%!",
        // Periodic cashback (issue 18)
        ["your cashback for %Retention.CashbackPeriod%"] = "ваш кэшбэк за период %Retention.CashbackPeriod%",
        ["Your cashback for %Retention.CashbackPeriod%"] = "Ваш кэшбэк за период %Retention.CashbackPeriod%",
        ["In %Retention.CashbackPeriod% you spent %Retention.CashbackSpend%, which earns %Retention.CashbackRate% back: %Retention.CashbackAmount%."] =
            "Сумма ваших покупок за период %Retention.CashbackPeriod%: %Retention.CashbackSpend%. Ставка кэшбэка: %Retention.CashbackRate%, к возврату: %Retention.CashbackAmount%.",
        // Paid membership (issue 18)
        ["your membership renews on %Retention.MemberRenewalDate%"] = "ваше членство будет продлено %Retention.MemberRenewalDate%",
        ["Your membership renews soon"] = "Скоро продление членства",
        ["Your membership at %Store.Name% renews on %Retention.MemberRenewalDate%. The payment is taken as usual: there is nothing you need to do."] =
            "Ваше членство в %Store.Name% будет продлено %Retention.MemberRenewalDate%. Оплата спишется как обычно: ничего делать не нужно.",
        ["your membership ends on %Retention.MemberEndsOn%"] = "ваше членство заканчивается %Retention.MemberEndsOn%",
        ["Keep your membership"] = "Сохраните членство",
        ["Your membership at %Store.Name% ends on %Retention.MemberEndsOn%: the renewal has not been paid. Renew before then to keep your perks."] =
            "Ваше членство в %Store.Name% заканчивается %Retention.MemberEndsOn%: продление не оплачено. Продлите его до этого дня, чтобы сохранить привилегии.",
        ["Return to your cart"] = "Вернуться в корзину",
        ["Your code: %Retention.CouponCode%"] = "Ваш код: %Retention.CouponCode%",
        ["%Retention.CouponValue% off your next order, once, until %Retention.CouponExpires%."] = "Скидка %Retention.CouponValue% на следующий заказ, один раз, до %Retention.CouponExpires% включительно.",
        ["Visit %Store.Name%"] = "Перейти в %Store.Name%",
        ["Unsubscribe"] = "Отписаться",
        ["you left something in your cart"] = "вы кое-что оставили в корзине",
        ["Your cart is waiting"] = "Ваша корзина ждёт вас",
        ["You left these in your cart at %Store.Name%. We kept them for you:"] = "Вы оставили эти товары в корзине магазина %Store.Name%. Мы их сохранили:",
        ["still thinking it over?"] = "ещё раздумываете?",
        ["Still thinking it over?"] = "Ещё раздумываете?",
        ["The items in your cart are still available, but we cannot hold them for ever:"] = "Товары из вашей корзины пока в наличии, но мы не можем держать их вечно:",
        ["Questions about an item? Just reply to this email."] = "Есть вопросы о товаре? Просто ответьте на это письмо.",
        ["a coupon for your cart"] = "купон для вашей корзины",
        ["A little something to help you decide"] = "Небольшой подарок, чтобы было проще решиться",
        ["Your cart is still waiting, and here is a coupon for it:"] = "Ваша корзина всё ещё ждёт, а вот и купон к ней:",
        ["we miss you"] = "мы скучаем по вам",
        ["It has been a while"] = "Давно не виделись",
        ["We have not seen you at %Store.Name% for some time. A lot has changed: new products, and the old favourites."] = "Вы давно не заходили в %Store.Name%. У нас много нового: новые товары и всё те же любимые.",
        ["a discount just for you"] = "скидка только для вас",
        ["Come back for less"] = "Возвращайтесь — будет выгоднее",
        ["To welcome you back, here is a coupon only you can use:"] = "Чтобы вам было приятнее вернуться, вот купон, которым можете воспользоваться только вы:",
        ["why did you leave?"] = "почему вы ушли?",
        ["One question, one click"] = "Один вопрос — один клик",
        ["Could you tell us why you stopped shopping with us? Pick the answer that fits; it helps us do better."] = "Расскажете, почему вы перестали у нас покупать? Выберите подходящий ответ — это поможет нам стать лучше.",
        ["how was your order?"] = "как вам заказ?",
        ["How was your order?"] = "Как вам заказ?",
        ["Your order has arrived. Would you tell other shoppers what you think of it?"] = "Ваш заказ доставлен. Расскажете другим покупателям, что вы о нём думаете?",
        ["a minute for a review?"] = "найдётся минутка для отзыва?",
        ["A minute for a review?"] = "Найдётся минутка для отзыва?",
        ["Other shoppers would love to hear from you. It only takes a minute:"] = "Другим покупателям будет интересно ваше мнение. Это займёт всего минуту:",
        ["would you recommend us?"] = "порекомендуете нас?",
        ["Would you recommend us?"] = "Порекомендуете нас?",
        ["How likely are you to recommend %Store.Name% to a friend? Click a score: 0 is not at all, 10 is extremely likely."] = "Насколько вероятно, что вы порекомендуете %Store.Name% другу? Нажмите на оценку: 0 — точно нет, 10 — обязательно порекомендую.",
        ["how satisfied are you with your order?"] = "довольны ли вы заказом?",
        ["How did we do?"] = "Как мы справились?",
        ["How satisfied are you with your recent order? Click a score: 1 is very unhappy, 5 is very happy."] = "Насколько вы довольны последним заказом? Нажмите на оценку: 1 — совсем недовольны, 5 — очень довольны.",
        ["welcome!"] = "добро пожаловать!",
        ["Welcome to %Store.Name%"] = "Добро пожаловать в %Store.Name%",
        ["Thank you for joining us. Your account is ready, and so is the shop."] = "Спасибо, что присоединились к нам. Ваш аккаунт готов, магазин тоже.",
        ["good to know"] = "полезно знать",
        ["Good to know"] = "Полезно знать",
        ["Every order earns loyalty points you can spend on the next one. Your balance: %Retention.PointsBalance% points."] = "За каждый заказ начисляются бонусные баллы, которыми можно оплатить следующий. Баллов на вашем счёте: %Retention.PointsBalance%.",
        ["Need help? Reply to this email or write to %Store.Email%."] = "Нужна помощь? Ответьте на это письмо или напишите на %Store.Email%.",
        ["picked for you"] = "подборка для вас",
        ["Picked for you"] = "Подборка для вас",
        ["Here are a few of the things our customers love most:"] = "Вот несколько товаров, которые больше всего нравятся нашим покупателям:",
        ["happy birthday!"] = "с днём рождения!",
        ["Happy birthday, %Customer.FirstName%!"] = "С днём рождения, %Customer.FirstName%!",
        ["Everyone at %Store.Name% wishes you a wonderful day. Here is a present:"] = "Вся команда %Store.Name% желает вам чудесного дня. А вот и подарок:",
        ["your points expire soon"] = "ваши баллы скоро сгорят",
        ["Your points expire soon"] = "Ваши баллы скоро сгорят",
        ["%Retention.ExpiringPoints% of your points expire on %Retention.ExpiryDate%. %Retention.ExpiryAdvice%"] = "Баллов, которые сгорят %Retention.ExpiryDate%: %Retention.ExpiringPoints%. %Retention.ExpiryAdvice%",
        ["Your balance: %Retention.PointsBalance% points."] = "Баллов на вашем счёте: %Retention.PointsBalance%.",
        ["welcome to %Retention.TierName%"] = "добро пожаловать на уровень «%Retention.TierName%»",
        ["You reached %Retention.TierName%"] = "Вы достигли уровня «%Retention.TierName%»",
        ["Congratulations: your orders took you to the %Retention.TierName% tier."] = "Поздравляем: благодаря вашим заказам вы перешли на уровень «%Retention.TierName%».",
        ["time to stock up?"] = "пора пополнить запасы?",
        ["Running low?"] = "Запасы заканчиваются?",
        ["By our count, these may be running out soon:"] = "По нашим подсчётам, эти товары у вас скоро закончатся:",
        ["goes well with your order"] = "отлично дополнит ваш заказ",
        ["Goes well with your order"] = "Отлично дополнит ваш заказ",
        ["Customers who bought what you bought also liked these:"] = "Покупателям, которые купили то же, что и вы, понравились и эти товары:",
        // The discount card's level-up email.
        ["your card now gives %Retention.CardDiscount% off"] = "ваша карта теперь даёт скидку %Retention.CardDiscount%",
        ["Your discount card went up"] = "Уровень вашей дисконтной карты повысился",
        ["Thank you for shopping with us: your discount card now takes %Retention.CardDiscount% off every order."] = "Спасибо за покупки: теперь ваша дисконтная карта даёт скидку %Retention.CardDiscount% на каждый заказ.",
        ["Keep ordering to hold it: the card drops a level after a while without a purchase."] = "Чтобы сохранить скидку, продолжайте делать заказы: без покупок уровень карты со временем снижается.",
        // Stamp cards and challenges (issue 18).
        ["your %Retention.StampCardName% is full"] = "ваша карта «%Retention.StampCardName%» заполнена",
        ["Your card is full"] = "Ваша карта заполнена",
        ["You collected every stamp on your %Retention.StampCardName%. Your reward: %Retention.StampReward%."] =
            "Вы собрали все штампы на карте «%Retention.StampCardName%». Ваша награда: %Retention.StampReward%.",
        ["Enter the code at checkout. It works once, until %Retention.CouponExpires%."] =
            "Введите код при оформлении заказа. Он действует один раз, до %Retention.CouponExpires% включительно.",
        ["your stamps lapse on %Retention.StampCardExpires%"] = "ваши штампы сгорят %Retention.StampCardExpires%",
        ["Your stamps are waiting"] = "Ваши штампы ждут",
        ["Stamps still missing on your %Retention.StampCardName%: %Retention.StampsToGo%. Collect them by %Retention.StampCardExpires% to get %Retention.StampReward%."] =
            "Сколько штампов не хватает на карте «%Retention.StampCardName%»: %Retention.StampsToGo%. Соберите их до %Retention.StampCardExpires% включительно и получите награду: %Retention.StampReward%.",
        ["After that day the stamps on the card lapse and it starts again from the first one."] =
            "После этой даты штампы на карте сгорят, и собирать их придётся заново.",
        ["you completed %Retention.ChallengeName%"] = "вы выполнили испытание «%Retention.ChallengeName%»",
        ["Challenge completed"] = "Испытание выполнено",
        ["Well done: you completed the %Retention.ChallengeName% challenge."] = "Отличная работа: вы выполнили испытание «%Retention.ChallengeName%».",
        ["a new badge: %Retention.BadgeName%"] = "новый значок: «%Retention.BadgeName%»",
        ["You earned a badge"] = "Вы получили значок",
        ["You earned the %Retention.BadgeName% badge. Your badges are in My rewards."] =
            "Вы получили значок «%Retention.BadgeName%». Все ваши значки — в разделе «Мои бонусы».",
    };

    /// <summary>Every default template in Russian, named and built as <see cref="All"/>.</summary>
    public static readonly IReadOnlyList<EmailTemplate> Russian = Build(english =>
        RussianPhrases.TryGetValue(english, out var russian) ? russian
        // A paragraph that is one token (the review bonus sentence) has no words of its own.
        : TokenPattern.Match(english) is { Success: true } token && token.Length == english.Length ? english
        : throw new KeyNotFoundException($"No Russian for the email phrase \"{english}\"."));

    /// <summary>Every language the default templates ship in, by two-letter code.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<EmailTemplate>> ByLanguage =
        new Dictionary<string, IReadOnlyList<EmailTemplate>>(StringComparer.OrdinalIgnoreCase) { ["en"] = All, ["ru"] = Russian };

    private static readonly IReadOnlyDictionary<string, EmailTemplate> ByName = All.ToDictionary(t => t.Name, StringComparer.Ordinal);

    /// <summary>The default template of that name in a language (two-letter code); null for a name or language not shipped.</summary>
    public static EmailTemplate? Find(string name, string language) =>
        ByLanguage.TryGetValue(language, out var templates) ? templates.FirstOrDefault(t => t.Name == name) : null;


    /// <summary>The default template of that name; null for a name the catalog does not use.</summary>
    public static EmailTemplate? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>The token names (without % signs) a template text uses, in order of first use.</summary>
    public static IReadOnlyList<string> TokensIn(string text) =>
        TokenPattern.Matches(text).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Replaces <c>%Token%</c> with values (keys without % signs), as given: for subjects and plain-text parts (HTML bodies
    /// take <see cref="RenderHtml"/>). Unknown tokens stay as written, as nopCommerce's tokenizer leaves them.
    /// </summary>
    public static string Render(string text, IReadOnlyDictionary<string, string> values) =>
        TokenPattern.Replace(text, m => values.TryGetValue(m.Groups[1].Value, out var value) ? value : m.Value);

    /// <summary>
    /// Replaces <c>%Token%</c> in an HTML body as nopCommerce's tokenizer does with encoding on: every value HTML-encoded
    /// except those of <see cref="WorkflowTokens.Markup"/> and of <paramref name="alsoMarkup"/> (a host's own tokens
    /// marked never to be encoded). Subjects and plain-text parts take <see cref="Render"/> with the plain values.
    /// </summary>
    public static string RenderHtml(string html, IReadOnlyDictionary<string, string> values, IReadOnlySet<string>? alsoMarkup = null) =>
        TokenPattern.Replace(html, m =>
        {
            var name = m.Groups[1].Value;
            if (!values.TryGetValue(name, out var value)) return m.Value;
            return WorkflowTokens.Markup.Contains(name) || alsoMarkup?.Contains(name) == true ? value : WebUtility.HtmlEncode(value);
        });

    private static List<EmailTemplate> Build(Func<string, string> say)
    {
        var list = new List<EmailTemplate>();
        void Add(WorkflowKind kind, int step, string subject, string heading, params Block[] blocks)
        {
            var marketing = WorkflowCatalog.Default(kind).IsMarketing;
            list.Add(new EmailTemplate(WorkflowCatalog.TemplateName(kind, step), "%Store.Name%: " + say(subject),
                Html(say(heading), blocks, marketing), Text(say(heading), blocks, marketing, say("Unsubscribe")), marketing));
        }
        Block P(string text) => Paragraph(say(text));
        Block Button(string label, string url) => LinkButton(say(label), url);

        var hello = P("Hello %Customer.FirstName%,");
        var cart = Raw("%Retention.CartItems%", "%Retention.CartItemsText%");
        var backToCart = Button("Return to your cart", "%Retention.CartRestoreUrl%");
        var coupon = Raw(
            "<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" style=\"margin:16px 0;border:2px dashed #2b6cb0;\"><tr>"
            + "<td style=\"padding:12px 20px;font-family:Arial,Helvetica,sans-serif;font-size:20px;font-weight:bold;letter-spacing:2px;color:#2b6cb0;\">%Retention.CouponCode%</td>"
            + "</tr></table>",
            say("Your code: %Retention.CouponCode%"));
        var couponTerms = P("%Retention.CouponValue% off your next order, once, until %Retention.CouponExpires%.");
        // Through the click route: a call to action the store cannot count could never be credited with the order it brings.
        var shop = Button("Visit %Store.Name%", "%Retention.ShopUrl%");
        var survey = Raw("%Retention.SurveyLinks%", "%Retention.SurveyLinksText%");
        var products = Raw("%Retention.Products%", "%Retention.ProductsText%");
        // A paragraph only when there is something to say: the token is empty without points (no empty <p> left behind).
        var points = Raw("%Retention.PointsOffer%", "%Retention.PointsOfferText%");

        Add(WorkflowKind.AbandonedCart, 0, "you left something in your cart", "Your cart is waiting",
            hello, P("You left these in your cart at %Store.Name%. We kept them for you:"), cart, points, backToCart);
        Add(WorkflowKind.AbandonedCart, 1, "still thinking it over?", "Still thinking it over?",
            hello, P("The items in your cart are still available, but we cannot hold them for ever:"), cart, points, backToCart,
            P("Questions about an item? Just reply to this email."));
        Add(WorkflowKind.AbandonedCart, 2, "a coupon for your cart", "A little something to help you decide",
            hello, P("Your cart is still waiting, and here is a coupon for it:"), coupon, couponTerms, cart, points, backToCart);

        Add(WorkflowKind.WinBack, 0, "we miss you", "It has been a while",
            hello, P("We have not seen you at %Store.Name% for some time. A lot has changed: new products, and the old favourites."), points, shop);
        Add(WorkflowKind.WinBack, 1, "a discount just for you", "Come back for less",
            hello, P("To welcome you back, here is a coupon only you can use:"), coupon, couponTerms, points, shop);
        Add(WorkflowKind.WinBack, 2, "why did you leave?", "One question, one click",
            hello, P("Could you tell us why you stopped shopping with us? Pick the answer that fits; it helps us do better."), survey);

        Add(WorkflowKind.ReviewRequest, 0, "how was your order?", "How was your order?",
            hello, P("Your order has arrived. Would you tell other shoppers what you think of it?"),
            Raw("%Retention.ReviewLinks%", "%Retention.ReviewLinksText%"), P("%Retention.ReviewBonus%"));
        Add(WorkflowKind.ReviewRequest, 1, "a minute for a review?", "A minute for a review?",
            hello, P("Other shoppers would love to hear from you. It only takes a minute:"),
            Raw("%Retention.ReviewLinks%", "%Retention.ReviewLinksText%"), P("%Retention.ReviewBonus%"));

        Add(WorkflowKind.NpsSurvey, 0, "would you recommend us?", "Would you recommend us?",
            hello, P("How likely are you to recommend %Store.Name% to a friend? Click a score: 0 is not at all, 10 is extremely likely."), survey);
        Add(WorkflowKind.CsatSurvey, 0, "how satisfied are you with your order?", "How did we do?",
            hello, P("How satisfied are you with your recent order? Click a score: 1 is very unhappy, 5 is very happy."), survey);

        Add(WorkflowKind.Welcome, 0, "welcome!", "Welcome to %Store.Name%",
            hello, P("Thank you for joining us. Your account is ready, and so is the shop."), shop);
        Add(WorkflowKind.Welcome, 1, "good to know", "Good to know",
            hello, P("Every order earns loyalty points you can spend on the next one. Your balance: %Retention.PointsBalance% points."),
            P("Need help? Reply to this email or write to %Store.Email%."), shop);
        Add(WorkflowKind.Welcome, 2, "picked for you", "Picked for you",
            hello, P("Here are a few of the things our customers love most:"), products, shop);

        Add(WorkflowKind.Birthday, 0, "happy birthday!", "Happy birthday, %Customer.FirstName%!",
            P("Everyone at %Store.Name% wishes you a wonderful day. Here is a present:"), coupon, couponTerms, shop);

        Add(WorkflowKind.PointsExpiry, 0, "your points expire soon", "Your points expire soon",
            hello, P("%Retention.ExpiringPoints% of your points expire on %Retention.ExpiryDate%. %Retention.ExpiryAdvice%"),
            P("Your balance: %Retention.PointsBalance% points."), shop);
        Add(WorkflowKind.TierUp, 0, "welcome to %Retention.TierName%", "You reached %Retention.TierName%",
            hello, P("Congratulations: your orders took you to the %Retention.TierName% tier."), Raw("%Retention.TierPerks%", "%Retention.TierPerks%"), shop);

        Add(WorkflowKind.CashbackStatement, 0, "your cashback for %Retention.CashbackPeriod%", "Your cashback for %Retention.CashbackPeriod%",
            hello, P("In %Retention.CashbackPeriod% you spent %Retention.CashbackSpend%, which earns %Retention.CashbackRate% back: %Retention.CashbackAmount%."),
            P("%Retention.CashbackHowToUse%"), shop);

        Add(WorkflowKind.MembershipRenewal, 0, "your membership renews on %Retention.MemberRenewalDate%", "Your membership renews soon",
            hello, P("Your membership at %Store.Name% renews on %Retention.MemberRenewalDate%. The payment is taken as usual: there is nothing you need to do."),
            P("%Retention.MemberSavings%"), P("%Retention.MemberPerks%"), shop);
        Add(WorkflowKind.MembershipExpiry, 0, "your membership ends on %Retention.MemberEndsOn%", "Keep your membership",
            hello, P("Your membership at %Store.Name% ends on %Retention.MemberEndsOn%: the renewal has not been paid. Renew before then to keep your perks."),
            P("%Retention.MemberSavings%"), P("%Retention.MemberPerks%"), shop);

        Add(WorkflowKind.Replenishment, 0, "time to stock up?", "Running low?",
            hello, P("By our count, these may be running out soon:"), products);
        Add(WorkflowKind.CrossSell, 0, "goes well with your order", "Goes well with your order",
            hello, P("Customers who bought what you bought also liked these:"), products);
        Add(WorkflowKind.CardLevelUp, 0, "your card now gives %Retention.CardDiscount% off", "Your discount card went up",
            hello, P("Thank you for shopping with us: your discount card now takes %Retention.CardDiscount% off every order."),
            P("Keep ordering to hold it: the card drops a level after a while without a purchase."), shop);

        Add(WorkflowKind.StampCardFull, 0, "your %Retention.StampCardName% is full", "Your card is full",
            hello, P("You collected every stamp on your %Retention.StampCardName%. Your reward: %Retention.StampReward%."), coupon,
            P("Enter the code at checkout. It works once, until %Retention.CouponExpires%."), shop);
        Add(WorkflowKind.StampCardExpiring, 0, "your stamps lapse on %Retention.StampCardExpires%", "Your stamps are waiting",
            hello, P("Stamps still missing on your %Retention.StampCardName%: %Retention.StampsToGo%. Collect them by %Retention.StampCardExpires% to get %Retention.StampReward%."),
            P("After that day the stamps on the card lapse and it starts again from the first one."), shop);
        Add(WorkflowKind.ChallengeCompleted, 0, "you completed %Retention.ChallengeName%", "Challenge completed",
            hello, P("Well done: you completed the %Retention.ChallengeName% challenge."), P("%Retention.ChallengeReward%"), shop);
        Add(WorkflowKind.BadgeEarned, 0, "a new badge: %Retention.BadgeName%", "You earned a badge",
            hello, P("You earned the %Retention.BadgeName% badge. Your badges are in My rewards."), shop);
        return list;
    }

    // A piece of an email: its HTML row content and its plain-text paragraph.
    private sealed record Block(string Html, string Text);

    private const string Font = "font-family:Arial,Helvetica,sans-serif;";

    private static Block Paragraph(string text) => new($"<p style=\"margin:0 0 16px;{Font}font-size:16px;line-height:24px;color:#333333;\">{text}</p>", text);

    private static Block Raw(string html, string text) => new(html, text);

    private static Block LinkButton(string label, string url) => new(
        "<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" style=\"margin:16px 0;\"><tr>"
        + $"<td style=\"background-color:#2b6cb0;border-radius:4px;\"><a href=\"{url}\" style=\"display:inline-block;padding:12px 24px;{Font}font-size:16px;font-weight:bold;color:#ffffff;text-decoration:none;\">{label}</a></td>"
        + "</tr></table>",
        $"{label}: {url}");

    private static string Html(string heading, IEnumerable<Block> blocks, bool marketing)
    {
        var html = new StringBuilder();
        html.Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"background-color:#f4f4f4;\"><tr><td align=\"center\" style=\"padding:24px 8px;\">");
        html.Append("<table role=\"presentation\" width=\"600\" cellpadding=\"0\" cellspacing=\"0\" style=\"width:600px;max-width:100%;background-color:#ffffff;\">");
        html.Append($"<tr><td style=\"padding:24px 32px;background-color:#2b6cb0;{Font}font-size:22px;font-weight:bold;color:#ffffff;\"><a href=\"%Store.URL%\" style=\"color:#ffffff;text-decoration:none;\">%Store.Name%</a></td></tr>");
        html.Append($"<tr><td style=\"padding:32px 32px 16px;\"><h1 style=\"margin:0 0 24px;{Font}font-size:24px;line-height:30px;color:#1a202c;\">{heading}</h1>");
        foreach (var block in blocks)
            html.Append(block.Html);
        html.Append("</td></tr>");
        html.Append($"<tr><td style=\"padding:16px 32px 24px;border-top:1px solid #e2e8f0;{Font}font-size:12px;line-height:18px;color:#718096;\">%Store.CompanyName% · %Store.CompanyAddress%");
        // The unsubscribe line is owed on marketing only; a transactional notice (points lapsing) must not pretend it stops them.
        if (marketing)
            html.Append("<br />%Retention.Footer%");
        html.Append("</td></tr></table></td></tr></table>%Retention.OpenPixel%");
        return html.ToString();
    }

    private static string Text(string heading, IEnumerable<Block> blocks, bool marketing, string unsubscribe)
    {
        var text = new StringBuilder();
        text.Append("%Store.Name%\n\n").Append(heading).Append("\n\n");
        foreach (var block in blocks)
            text.Append(block.Text).Append("\n\n");
        text.Append("--\n%Store.CompanyName%, %Store.CompanyAddress%\n%Store.URL%\n");
        if (marketing)
            text.Append(unsubscribe).Append(": %Retention.UnsubscribeUrl%\n");
        return text.ToString();
    }
}
