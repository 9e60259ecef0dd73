using System.Globalization;

namespace Retention.Core.Loyalty;

/// <summary>One row of the panel's tier table.</summary>
public sealed record RewardsPanelTier(string Name, string ReachedWith, string Earns, bool IsCurrent);

/// <summary>The rewards panel as sentences, ready to show: the same words on both hosts' pages.</summary>
public sealed record RewardsPanelLines(bool Enabled, IReadOnlyList<string> WaysToEarn, IReadOnlyList<string> Notes, IReadOnlyList<string> WaysToRedeem,
    IReadOnlyList<RewardsPanelTier> Tiers);

/// <summary>
/// The rewards panel's words ("ways to earn / ways to redeem", as Smile.io and LoyaltyLion show them) made from Core's
/// <see cref="ProgramView"/>. Texts are keyed templates with <c>{name}</c> placeholders: the sandbox shows
/// <see cref="English"/>, the plugin installs it as locale resources that merchants translate. The host supplies only
/// facts it owns: how money and days are written, and the names of categories and products.
/// </summary>
public static class RewardsPanel
{
    /// <summary>The English templates by key.</summary>
    public static IReadOnlyDictionary<string, string> English { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["title.earn"] = "Ways to earn",
        ["title.redeem"] = "Ways to redeem",
        ["title.tiers"] = "Tiers",
        ["way.Spend"] = "{points} points for every {money} spent",
        ["way.Category"] = "×{multiplier} points on {name}",
        ["way.Product"] = "×{multiplier} points on {name}",
        ["way.Promotion"] = "×{multiplier} points on everything during {name} ({from} to {to})",
        ["way.Registration"] = "{points} points for creating an account",
        ["way.Birthday"] = "{points} points on your birthday",
        ["way.Review"] = "{points} points for each approved product review",
        ["way.Survey"] = "{points} points for answering a satisfaction survey",
        ["way.Referral"] = "{points} points when a friend you invite pays their first order",
        ["note.pending"] = "Points for an order can be spent {days} days after it is paid (the return window).",
        ["note.expiryLot"] = "Points expire {months} months after they can be spent.",
        ["note.expiryInactive"] = "Points expire after {months} months without any points activity.",
        ["redeem.value"] = "{points} points = {money} off at checkout",
        ["redeem.minimum"] = "Points can be used from {points} points on",
        ["redeem.share"] = "Points pay up to {percent} % of an order",
        ["tier.column.name"] = "Tier",
        ["tier.column.reached"] = "Reached with",
        ["tier.column.earns"] = "Points",
        ["tier.joining"] = "joining",
        ["tier.spend"] = "{money} spent in 12 months",
        ["tier.orders"] = "{orders} orders in 12 months",
        ["tier.base"] = "base rate",
        ["tier.multiplier"] = "×{multiplier} on purchases",
        ["tier.you"] = "(you)",
        ["paused"] = "The rewards program is paused: points you have stay yours and can still be spent.",
        ["join"] = "Join to earn: create an account and every order earns points you can spend on the next one.",
        ["join.bonus"] = "Join to earn: create an account and get {points} points at once; every order earns points you can spend on the next one.",
        ["product.base"] = "{price} × {rate} points per {unit} = {points}",
        ["product.multiplier"] = "×{multiplier} on {name}",
        ["product.promotion"] = "×{multiplier} {name}",
        ["product.tier"] = "×{multiplier} for your {tier} tier",
        ["product.result"] = "{parts} → {points} points (rounded down).",
    };

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>
    /// The panel for <paramref name="program"/>. <paramref name="text"/> gives the template of a key (the host's language),
    /// <paramref name="money"/> writes an amount of the primary currency as the shopper reads prices, <paramref name="day"/> a
    /// UTC instant as a day, <paramref name="name"/> the category or product a multiplier is about (null: "category N").
    /// </summary>
    public static RewardsPanelLines Lines(ProgramView program, string? currentTier, Func<string, string> text, Func<decimal, string> money,
        Func<DateTime, string> day, Func<EarnWay, string?> name)
    {
        ArgumentNullException.ThrowIfNull(program);
        if (!program.Enabled)
            return new RewardsPanelLines(false, [], [text("paused")], [], []);
        string Say(string key, params (string Name, string Value)[] values) => Fill(text(key), values);
        string N(decimal value) => value.ToString("N0", Inv);
        string X(decimal value) => value.ToString("0.##", Inv);

        var earn = program.WaysToEarn.Select(w => w.Kind switch
        {
            EarnWayKind.Spend => Say("way.Spend", ("points", X(w.Value)), ("money", money(1m))),
            EarnWayKind.Category => Say("way.Category", ("multiplier", X(w.Value)), ("name", name(w) ?? $"category {w.RefId}")),
            EarnWayKind.Product => Say("way.Product", ("multiplier", X(w.Value)), ("name", name(w) ?? $"product {w.RefId}")),
            // A promotion ends at the midnight after its last day.
            EarnWayKind.Promotion => Say("way.Promotion", ("multiplier", X(w.Value)), ("name", w.Name ?? ""), ("from", day(w.StartUtc!.Value)),
                ("to", day(w.EndUtc!.Value.AddTicks(-1)))),
            _ => Say("way." + w.Kind, ("points", N(w.Value))),
        }).ToList();

        var notes = new List<string>();
        if (program.ActivationDelayDays > 0)
            notes.Add(Say("note.pending", ("days", program.ActivationDelayDays.ToString(Inv))));
        if (program.Expiry == ExpiryMode.LotAfterActivation && program.ExpiryMonths > 0)
            notes.Add(Say("note.expiryLot", ("months", program.ExpiryMonths.ToString(Inv))));
        else if (program.Expiry == ExpiryMode.WholeBalanceAfterInactivity && program.ExpiryMonths > 0)
            notes.Add(Say("note.expiryInactive", ("months", program.ExpiryMonths.ToString(Inv))));

        var redeem = new List<string>();
        if (program.PointsPerCurrencyUnitOfValue > 0m)
            redeem.Add(Say("redeem.value", ("points", N(program.PointsPerCurrencyUnitOfValue)), ("money", money(1m))));
        if (program.MinimumBalanceToRedeem > 0)
            redeem.Add(Say("redeem.minimum", ("points", N(program.MinimumBalanceToRedeem))));
        redeem.Add(Say("redeem.share", ("percent", program.MaxRedeemSharePercent.ToString(Inv))));

        var tiers = program.Tiers.Select(t => new RewardsPanelTier(t.Name,
            t.Threshold <= 0m ? text("tier.joining")
            : program.TierBasis == TierBasis.Spend ? Say("tier.spend", ("money", money(t.Threshold)))
            : Say("tier.orders", ("orders", t.Threshold.ToString("0", Inv))),
            t.Multiplier == 1m ? text("tier.base") : Say("tier.multiplier", ("multiplier", X(t.Multiplier))),
            t.Name == currentTier)).ToList();
        return new RewardsPanelLines(true, earn, notes, redeem, tiers);
    }

    /// <summary>
    /// "$7.50 × 10 points per $1.00 = 75 · ×2 on Tea · ×1.25 for your Silver tier → 187 points (rounded down)": the parts
    /// Core multiplied for a product's badge, so the numbers shown add up. <paramref name="multiplierName"/> is the category
    /// (or, for a product multiplier, the product) the line multiplier comes from.
    /// </summary>
    public static string ExplainProduct(ProductEarnView x, decimal price, string? multiplierName, Func<string, string> text, Func<decimal, string> money)
    {
        ArgumentNullException.ThrowIfNull(x);
        string X(decimal value) => value.ToString("0.##", Inv);
        var parts = new List<string>
        {
            Fill(text("product.base"), ("price", money(price)), ("rate", X(x.BasePoints / Math.Max(price, 0.01m))), ("unit", money(1m)), ("points", X(x.BasePoints))),
        };
        if (x.LineMultiplier != 1m)
            parts.Add(Fill(text("product.multiplier"), ("multiplier", X(x.LineMultiplier)), ("name", multiplierName ?? "")));
        if (x.PromotionMultiplier != 1m)
            parts.Add(Fill(text("product.promotion"), ("multiplier", X(x.PromotionMultiplier)), ("name", x.PromotionName ?? "")));
        if (x.TierMultiplier != 1m)
            parts.Add(Fill(text("product.tier"), ("multiplier", X(x.TierMultiplier)), ("tier", x.Tier ?? "")));
        return Fill(text("product.result"), ("parts", string.Join(" · ", parts)), ("points", x.Points.ToString("N0", Inv)));
    }

    /// <summary>The guests' invitation, with the registration bonus when there is one.</summary>
    public static string JoinPrompt(ProgramView program, Func<string, string> text)
    {
        ArgumentNullException.ThrowIfNull(program);
        var welcome = program.WaysToEarn.FirstOrDefault(w => w.Kind == EarnWayKind.Registration);
        return welcome == null ? text("join") : Fill(text("join.bonus"), ("points", welcome.Value.ToString("N0", Inv)));
    }

    /// <summary>A template with its <c>{name}</c> placeholders filled.</summary>
    public static string Fill(string template, params (string Name, string Value)[] values)
    {
        ArgumentNullException.ThrowIfNull(template);
        foreach (var (placeholder, value) in values)
            template = template.Replace("{" + placeholder + "}", value, StringComparison.Ordinal);
        return template;
    }
}
