using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Retention.Core.Challenges;
using Retention.Core.Common;
using Retention.Core.Coupons;
using Retention.Core.Loyalty;
using Retention.Core.Store;
using Retention.Sandbox.Data;
using Retention.Sandbox.Demo;
using Retention.Sandbox.Ports;
using static Retention.Sandbox.Web.Html;
using static Retention.Sandbox.Web.SandboxTexts;

namespace Retention.Sandbox.Web;

/// <summary>
/// Challenges and badges in the sandbox: the admin's challenge editor (<c>/admin/challenges</c>), the shopper's section of
/// My rewards (progress bars, badges, the opt-in leaderboards), the checkout line "this order completes …", and the
/// leaderboard opt-in. Every figure comes from Core's <see cref="ChallengeViews"/>; saving goes through the same
/// <see cref="ChallengeSettings.Validate"/> the plugin's page uses.
/// </summary>
public static class ChallengePages
{
    private static readonly StoreId Store = new(DemoStoreGenerator.StoreId);
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private const string Title = "Challenges and badges";

    /// <summary>The challenge classes, per request over the request's context (progress joins the store's tables).</summary>
    public static void AddServices(IServiceCollection services, SandboxState state)
    {
        var database = state.Database;
        services.AddSingleton<IChallengeSettingsStore>(new EfChallengeSettingsStore(database));
        services.AddSingleton(sp => SandboxChallengeStores.Records(database, sp.GetRequiredService<IClock>()));
        services.AddScoped<IChallengeFacts, EfChallengeFacts>();
        services.AddScoped(sp => new ChallengeProgress(new ChallengeSources(sp.GetRequiredService<IStoreData>(), sp.GetRequiredService<IChallengeFacts>()),
            sp.GetRequiredService<IQueryRunner>()));
        services.AddScoped(sp => new ChallengeRewards(sp.GetRequiredService<ChallengeStore>(), sp.GetRequiredService<IPointsLedger>(),
            sp.GetRequiredService<ILoyaltyObserver>(), sp.GetRequiredService<ICouponIssuer>(), sp.GetRequiredService<IClock>()));
        services.AddScoped<ChallengeEvents>();
        services.AddScoped<ChallengeViews>();
        services.AddScoped<ChallengeNotices>();
    }

    public static void Map(WebApplication app)
    {
        app.MapGet("/admin/challenges", ShowAsync);
        app.MapPost("/admin/challenges", SaveAsync).WithMetadata(new RequireAntiforgeryTokenAttribute());
        app.MapPost("/shop/challenges/leaderboard", LeaderboardAsync).WithMetadata(new RequireAntiforgeryTokenAttribute());
    }

    // ------------------------------------------------------------------ shopper

    /// <summary>My rewards' challenge section: each running challenge with its bar and "2 of 3 categories", the badges, the leaderboards.</summary>
    public static async Task<string> RewardsSectionAsync(HttpContext http, int customer, CancellationToken cancellationToken)
    {
        if (http.RequestServices.GetService<ChallengeViews>() is not { } views)
            return "";
        var panel = await views.PanelAsync(Store, new CustomerId(customer), cancellationToken);
        if (!panel.Enabled)
            return "";
        var culture = SandboxLanguage.Culture;
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        var html = new StringBuilder("<section class=\"widget challenges\" id=\"challenges\">\n<h2>").Append(E(SandboxTexts.T("Challenges"))).Append("</h2>\n");
        if (panel.Challenges.Count == 0)
            html.Append("<p class=\"muted\">").Append(E(SandboxTexts.T("No challenge is running right now."))).Append("</p>\n");
        foreach (var c in panel.Challenges)
        {
            var percent = (int)Math.Round(c.Fraction * 100m, MidpointRounding.AwayFromZero);
            html.Append("<div class=\"challenge\" id=\"challenge-").Append(c.Id).Append("\">\n<h3>").Append(E(c.Name)).Append("</h3>\n")
                .Append("<p class=\"muted\">").Append(E(c.StartDate.ToString("d MMM yyyy", SandboxLanguage.Culture))).Append(" – ").Append(E(c.EndDate.ToString("d MMM yyyy", SandboxLanguage.Culture)))
                .Append("</p>\n<div class=\"bar\" role=\"progressbar\" aria-valuemin=\"0\" aria-valuemax=\"100\" aria-valuenow=\"").Append(percent)
                .Append("\"><span style=\"width:").Append(percent).Append("%\"></span></div>\n<p class=\"progress-text\">")
                .Append(E(c.Progress.Render(Retention.Core.Localization.CoreMessages.TemplateFor(c.Progress.Key, culture), culture)));
            html.Append(c.State switch
            {
                CompletionState.Paid => " · <strong class=\"done\">" + E(SandboxTexts.T("completed, reward paid")) + "</strong>",
                CompletionState.Held => " · <strong class=\"done\">" + E(SandboxTexts.T("completed")) + "</strong> <span class=\"muted\">"
                    + E(SandboxTexts.T("(reward pending the return window)")) + "</span>",
                _ => "",
            }).Append("</p>\n");
            if (c.LeaderboardOffered)
            {
                html.Append("<form method=\"post\" action=\"/shop/challenges/leaderboard?customer=").Append(customer).Append("\" class=\"optin\">")
                    .Append(WorkflowPages.Antiforgery(tokens))
                    .Append("<input type=\"hidden\" name=\"challenge\" value=\"").Append(c.Id).Append("\">")
                    .Append("<input type=\"hidden\" name=\"join\" value=\"").Append(c.OptedIn ? "false" : "true").Append("\">")
                    .Append("<button id=\"leaderboard-").Append(c.Id).Append("\">").Append(E(SandboxTexts.T(c.OptedIn ? T("Leave the leaderboard") : T("Join the leaderboard")))).Append("</button> ")
                    .Append("<span class=\"muted\">").Append(E(SandboxTexts.T("Only your first name and the initial of your last name are shown."))).Append("</span></form>\n");
                var board = await views.LeaderboardAsync(Store, c.Id, cancellationToken: cancellationToken);
                if (board.Count > 0)
                {
                    html.Append("<table class=\"leaderboard\" id=\"leaderboard-table-").Append(c.Id).Append("\"><thead><tr><th>#</th><th>").Append(E(SandboxTexts.T("Name"))).Append("</th><th class=\"num\">")
                        .Append(E(SandboxTexts.T("Score"))).Append("</th></tr></thead><tbody>\n");
                    foreach (var line in board)
                        html.Append("<tr><td>").Append(line.Rank).Append("</td><td>").Append(E(line.DisplayName)).Append("</td><td class=\"num\">")
                            .Append(E(line.Score.ToString(c.Goal == ChallengeGoal.Spend ? "N2" : "N0", Inv))).Append("</td></tr>\n");
                    html.Append("</tbody></table>\n");
                }
            }
            html.Append("</div>\n");
        }
        html.Append("<h2>").Append(E(SandboxTexts.T("Badges"))).Append("</h2>\n");
        if (panel.Badges.Count == 0)
            html.Append("<p class=\"muted\" id=\"no-badges\">").Append(E(SandboxTexts.T("No badges yet: your first order earns one."))).Append("</p>\n");
        else
        {
            html.Append("<ul class=\"badges\" id=\"badges\">\n");
            foreach (var badge in panel.Badges)
                html.Append("<li class=\"badge\" data-badge=\"").Append(E(badge.Code)).Append("\"><span class=\"medal\">★</span> ")
                    .Append(E(badge.Name.Render(Retention.Core.Localization.CoreMessages.TemplateFor(badge.Name.Key, culture), culture)))
                    .Append(" <span class=\"muted\">").Append(E(badge.EarnedUtc.ToString("d MMM yyyy", SandboxLanguage.Culture))).Append("</span></li>\n");
            html.Append("</ul>\n");
        }
        return html.Append("</section>\n").Append(SectionStyles).ToString();
    }

    /// <summary>The checkout's line for each running challenge this cart completes when paid.</summary>
    public static async Task<string> CheckoutNoticeAsync(HttpContext http, int customer, decimal orderTotal, IReadOnlyCollection<int> productIds, CancellationToken cancellationToken)
    {
        if (productIds.Count == 0 || http.RequestServices.GetService<ChallengeViews>() is not { } views)
            return "";
        var completes = await views.CompletedByOrderAsync(Store, new CustomerId(customer), orderTotal, productIds, cancellationToken);
        var culture = SandboxLanguage.Culture;
        return string.Concat(completes.Select(c =>
        {
            var text = Retention.Core.Localization.CoreMessages.ChallengeCompletesAtCheckout(c.Name);
            return $"<p class=\"notice challenge-notice\" id=\"challenge-completes-{c.Id}\">{E(text.Render(Retention.Core.Localization.CoreMessages.TemplateFor(text.Key, culture), culture))}</p>\n";
        }));
    }

    /// <summary>Joins or leaves a challenge's leaderboard, then back to My rewards.</summary>
    public static async Task<IResult> LeaderboardAsync(string? customer, IFormCollection posted, SandboxDbContext db, ChallengeStore records,
        IChallengeSettingsStore settings, CancellationToken cancellationToken)
    {
        if (!int.TryParse(customer, NumberStyles.None, Inv, out var id) || !await db.Customers.AnyAsyncSafe(c => c.Id == id && !c.Deleted, cancellationToken))
            return Page("Leaderboard", ("<p class=\"error\">" + E(T("No such customer.")) + "</p>"), StatusCodes.Status404NotFound);
        if (!int.TryParse(posted["challenge"], NumberStyles.None, Inv, out var challenge)
            || (await settings.LoadAsync(Store, cancellationToken)).Find(challenge) is not { Leaderboard: true })
            return Page("Leaderboard", ("<p class=\"error\" id=\"leaderboard-error\">" + E(T("This challenge has no leaderboard.")) + "</p>"), StatusCodes.Status400BadRequest);
        await records.SetLeaderboardAsync(Store, challenge, new CustomerId(id), posted["join"] == "true", cancellationToken);
        return Results.Redirect($"/shop/rewards?customer={id}#challenge-{challenge}", permanent: false, preserveMethod: false);
    }

    private const string SectionStyles = "<style>\n" +
        ".challenges .challenge { border: 1px solid #ddd; border-radius: 6px; padding: .5rem .8rem; margin: .6rem 0; }\n" +
        ".challenges h3 { margin: .2rem 0; } .challenges .bar { background: #eee; border-radius: 4px; height: .8rem; overflow: hidden; max-width: 28rem; }\n" +
        ".challenges .bar span { display: block; height: 100%; background: #2e7d32; } .challenges .done { color: #2e7d32; }\n" +
        ".challenges .optin { margin: .4rem 0; } .challenges table.leaderboard { margin: .3rem 0; min-width: 18rem; }\n" +
        ".badges { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .5rem; }\n" +
        ".badges .badge { border: 1px solid #c9a227; background: #fff8e1; border-radius: 999px; padding: .2rem .8rem; }\n" +
        ".badges .medal { color: #c9a227; }\n</style>\n";

    // ------------------------------------------------------------------ admin

    public static async Task<IResult> ShowAsync(string? saved, HttpContext http, IAntiforgery antiforgery, IChallengeSettingsStore settings, ChallengeViews views,
        IClock clock, CancellationToken cancellationToken)
    {
        var form = ChallengeSettingsForm.From(await settings.LoadAsync(Store, cancellationToken));
        var notice = saved == "1" ? ("<p class=\"notice\" id=\"saved\">" + E(T("The challenges were saved; they count from the next order and page.")) + "</p>\n") : "";
        return await PageAsync(form, new ValidationResult(), notice, StatusCodes.Status200OK, http, antiforgery, views, clock, cancellationToken);
    }

    /// <summary>Saves, or adds a blank row (nothing saved); any field error: nothing saved, the form back as typed with each error at its field.</summary>
    public static async Task<IResult> SaveAsync(IFormCollection posted, HttpContext http, IAntiforgery antiforgery, IChallengeSettingsStore settings, ChallengeViews views,
        IClock clock, CancellationToken cancellationToken)
    {
        var form = ChallengeSettingsForm.Read(posted);
        if (posted["add"] == "challenge")
            return await PageAsync(form.WithRowAdded(), new ValidationResult(), ("<p class=\"muted\" id=\"not-saved\">" + E(T("A row was added; nothing is saved until you press Save.")) + "</p>\n"),
                StatusCodes.Status200OK, http, antiforgery, views, clock, cancellationToken);
        var errors = form.Parse(out var updated);
        if (errors.IsValid && updated != null)
        {
            errors = form.MapErrors(await settings.SaveAsync(Store, updated, cancellationToken));
            if (errors.IsValid)
                return Results.Redirect("/admin/challenges?saved=1", permanent: false, preserveMethod: false);
        }
        return await PageAsync(form, errors, ("<p class=\"error\" id=\"not-saved\">" + E(T("Nothing was saved: correct the fields marked below.")) + "</p>\n"),
            StatusCodes.Status400BadRequest, http, antiforgery, views, clock, cancellationToken);
    }

    private static async Task<IResult> PageAsync(ChallengeSettingsForm form, ValidationResult errors, string notice, int status, HttpContext http, IAntiforgery antiforgery,
        ChallengeViews views, IClock clock, CancellationToken cancellationToken)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var dashboard = await views.DashboardAsync(Store, clock.UtcNow.AddDays(-30), cancellationToken);
        var body = new StringBuilder(AdminStyles)
            .Append(("<p><a href=\"/admin/loyalty/settings\">" + E(T("Loyalty settings")) + "</a> · <a href=\"/admin/loyalty/report\">" + E(T("Points accounting")) + "</a></p>\n"))
            .Append(("<p class=\"muted\">" + E(T("Days are the store's calendar days (UTC here), first and last day included. Categories:")) + " "))
            .Append(E(string.Join(", ", DemoLoyalty.CategoryIds.OrderBy(c => c.Value).Select(c => $"{c.Value} {c.Key}")))).Append(".</p>\n")
            .Append(notice)
            .Append(form.Render(errors, WorkflowPages.Antiforgery(tokens)))
            .Append(("<h2>" + E(T("Standing")) + "</h2>\n<table id=\"challenge-standing\"><thead><tr><th>" + E(T("Challenge")) + "</th><th>" + E(T("Days")) + "</th><th>" + E(T("Running")) + "</th><th class=\"num\">" + E(T("Participants")) + "</th><th class=\"num\">" + E(T("Completed")) + "</th></tr></thead><tbody>\n"));
        foreach (var s in dashboard.Challenges)
            body.Append("<tr><td>").Append(E(s.Name)).Append("</td><td>").Append(E($"{s.StartDate:yyyy-MM-dd} – {s.EndDate:yyyy-MM-dd}")).Append("</td><td>")
                .Append(s.Running ? "yes" : "ended").Append("</td><td class=\"num\">").Append(s.Participants).Append("</td><td class=\"num\">").Append(s.Completions).Append("</td></tr>\n");
        body.Append(("</tbody></table>\n<p>" + E(T("Badges awarded:")) + " <strong id=\"badges-awarded\">")).Append(dashboard.BadgesAwarded.ToString("N0", Inv)).Append("</strong> (")
            .Append(dashboard.BadgesAwardedInPeriod.ToString("N0", Inv)).Append((" " + E(T("in the last 30 days)")) + "</p>\n"));
        return Page(Title, body.ToString(), status);
    }

    private const string AdminStyles = "<style>\n" +
        "#challenge-form fieldset { margin: .6rem 0; } #challenge-form .row { display: flex; flex-wrap: wrap; gap: .4rem 1rem; align-items: baseline; }\n" +
        "#challenge-form .row label { display: inline-flex; flex-direction: column; font-size: .9rem; max-width: 20rem; } .invalid { border-color: #c62828; background: #fff5f5; }\n" +
        "#challenge-form .row label > input, #challenge-form .row label > select { align-self: flex-start; }\n" +
        "</style>\n";

    private static Task<bool> AnyAsyncSafe(this IQueryable<CustomerFact> customers, System.Linq.Expressions.Expression<Func<CustomerFact, bool>> predicate,
        CancellationToken cancellationToken) => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(customers, predicate, cancellationToken);
}

/// <summary>The challenge editor as typed: raw values by the settings' own field names (<c>Challenges[0].Target</c>), so Core's errors land beside their fields.</summary>
internal sealed class ChallengeSettingsForm : PostedForm
{
    private const int MaxRows = ChallengeSettings.MaxChallenges + 1;
    private static readonly string[] Columns = ["Id", "Name", "StartDate", "EndDate", "Goal", "Target", "CategoryIds", "Reward", "RewardPoints", "CouponAmount", "CouponValidDays"];
    private readonly int _rows;
    private readonly List<int> _kept = new();

    private ChallengeSettingsForm(Dictionary<string, string> values, int rows) : base(values) => _rows = rows;

    public static ChallengeSettingsForm From(ChallengeSettings s)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["Enabled"] = Bool(s.Enabled), ["BadgesEnabled"] = Bool(s.BadgesEnabled) };
        for (var i = 0; i < s.Challenges.Count; i++)
        {
            var c = s.Challenges[i];
            var p = $"Challenges[{i}].";
            values[p + "Id"] = Num(c.Id);
            values[p + "Name"] = c.Name;
            values[p + "StartDate"] = c.StartDate.ToString("yyyy-MM-dd", Inv);
            values[p + "EndDate"] = c.EndDate.ToString("yyyy-MM-dd", Inv);
            values[p + "Goal"] = c.Goal.ToString();
            values[p + "Target"] = Num(c.Target);
            values[p + "CategoryIds"] = string.Join(", ", c.CategoryIds);
            values[p + "Reward"] = c.Reward.ToString();
            values[p + "RewardPoints"] = Num(c.RewardPoints);
            values[p + "CouponAmount"] = Num(c.CouponAmount);
            values[p + "CouponValidDays"] = Num(c.CouponValidDays);
            values[p + "Leaderboard"] = Bool(c.Leaderboard);
        }
        values["Rows"] = Num(s.Challenges.Count + 1);
        return new ChallengeSettingsForm(values, s.Challenges.Count + 1);
    }

    public static ChallengeSettingsForm Read(IFormCollection posted)
    {
        var values = ValuesOf(posted);
        return new ChallengeSettingsForm(values, RowCount(values, "Rows", MaxRows));
    }

    public ChallengeSettingsForm WithRowAdded()
    {
        var values = new Dictionary<string, string>(Values, StringComparer.Ordinal) { ["Rows"] = Num(Math.Min(_rows + 1, MaxRows)) };
        return new ChallengeSettingsForm(values, Math.Min(_rows + 1, MaxRows));
    }

    /// <summary>The settings as typed, or field errors when something cannot be read or breaks a rule (checked by the store on save).</summary>
    public ValidationResult Parse(out ChallengeSettings? settings)
    {
        var errors = new ValidationResult();
        var challenges = new List<ChallengeDefinition>();
        _kept.Clear();
        for (var row = 0; row < _rows; row++)
        {
            var p = $"Challenges[{row}].";
            // A blank row (the one offered for adding) or one marked for removal is left out.
            if (Checked(p + "Remove") || Columns.Where(c => c is not ("Goal" or "Reward")).All(c => V(p + c).Length == 0))
                continue;
            _kept.Add(row);
            challenges.Add(new ChallengeDefinition
            {
                Id = Int(errors, p + "Id", T("Enter the challenge's number as a whole number.")),
                Name = V(p + "Name"),
                StartDate = Day(errors, p + "StartDate"),
                EndDate = Day(errors, p + "EndDate"),
                Goal = Choice<ChallengeGoal>(errors, p + "Goal"),
                Target = Decimal(errors, p + "Target", T("Enter the goal as a number.")),
                CategoryIds = Ids(errors, p + "CategoryIds"),
                Reward = Choice<ChallengeReward>(errors, p + "Reward"),
                RewardPoints = V(p + "RewardPoints").Length == 0 ? 0 : Int(errors, p + "RewardPoints", T("Enter the points as a whole number.")),
                CouponAmount = V(p + "CouponAmount").Length == 0 ? 0m : Decimal(errors, p + "CouponAmount", T("Enter the amount as a number such as 5.")),
                CouponValidDays = V(p + "CouponValidDays").Length == 0 ? 30 : Int(errors, p + "CouponValidDays", T("Enter the days as a whole number.")),
                Leaderboard = Checked(p + "Leaderboard"),
            });
        }
        settings = new ChallengeSettings { Enabled = Checked("Enabled"), BadgesEnabled = Checked("BadgesEnabled"), Challenges = challenges };
        foreach (var rule in MapErrors(settings.Validate(EfChallengeSettingsStore.Categories)).Errors.Where(r => errors.Errors.All(e => e.Field != r.Field)))
            errors.Add(rule.Field, rule);
        if (!errors.IsValid)
            settings = null;
        return errors;
    }

    /// <summary>Core's errors keyed to this form's rows: a challenge's index becomes the row it was typed in.</summary>
    public ValidationResult MapErrors(ValidationResult result)
    {
        var mapped = new ValidationResult();
        foreach (var error in result.Errors)
        {
            var field = error.Field;
            var match = System.Text.RegularExpressions.Regex.Match(field, @"^Challenges\[(\d+)\](.*)$");
            if (match.Success && int.TryParse(match.Groups[1].Value, NumberStyles.None, Inv, out var index) && index < _kept.Count)
                field = $"Challenges[{_kept[index]}]{match.Groups[2].Value}";
            mapped.Add(field, error);
        }
        return mapped;
    }

    private DateOnly Day(ValidationResult errors, string field)
    {
        if (DateOnly.TryParseExact(V(field), "yyyy-MM-dd", Inv, DateTimeStyles.None, out var day))
            return day;
        errors.Add(field, T("Enter the day as yyyy-mm-dd."));
        return default;
    }

    private T Choice<T>(ValidationResult errors, string field) where T : struct, Enum
    {
        if (Enum.TryParse<T>(V(field), ignoreCase: false, out var value) && Enum.IsDefined(value) && !int.TryParse(V(field), out _))
            return value;
        errors.Add(field, Retention.Core.Localization.CoreMessages.ChallengeUnknownChoice());
        return default;
    }

    private IReadOnlyList<int> Ids(ValidationResult errors, string field)
    {
        var ids = new List<int>();
        foreach (var part in V(field).Split([',', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, Inv, out var id))
            {
                errors.Add(field, T("List category numbers separated by commas, such as 1, 2, 4."));
                return [];
            }
            ids.Add(id);
        }
        return ids;
    }

    public string Render(ValidationResult errors, string antiforgery)
    {
        var culture = SandboxLanguage.Culture;
        string Error(string field) => string.Concat(errors.Errors.Where(e => e.Field == field)
            .Select(e => $" <span class=\"error field-error\" data-field=\"{E(field)}\">{E(e.In(culture))}</span>"));
        string Invalid(string field) => errors.Errors.Any(e => e.Field == field) ? " class=\"invalid\" aria-invalid=\"true\"" : "";
        string Text(string field, string label, string size) =>
            $"<label>{E(label)}<input type=\"text\" size=\"{size}\" name=\"{E(field)}\" value=\"{E(V(field))}\"{Invalid(field)}>{Error(field)}</label>";
        string Select<T>(string field, string label) where T : struct, Enum =>
            $"<label>{E(label)}<select name=\"{E(field)}\"{Invalid(field)}>" + string.Concat(Enum.GetNames<T>().Select(n =>
                $"<option value=\"{n}\"{(V(field) == n ? " selected" : "")}>{n}</option>")) + $"</select>{Error(field)}</label>";
        string Box(string field, string label) =>
            $"<label><span>{E(label)}</span><input type=\"checkbox\" name=\"{E(field)}\" value=\"true\"{(Checked(field) ? " checked" : "")}></label>";

        var html = new StringBuilder("<form method=\"post\" action=\"/admin/challenges\" id=\"challenge-form\">\n").Append(antiforgery)
            .Append("<input type=\"hidden\" name=\"Rows\" value=\"").Append(_rows).Append("\">\n")
            .Append("<p><label><input type=\"checkbox\" name=\"Enabled\" value=\"true\"").Append(Checked("Enabled") ? " checked" : "").Append(("> " + E(T("Challenges on")) + "</label> "))
            .Append("<label><input type=\"checkbox\" name=\"BadgesEnabled\" value=\"true\"").Append(Checked("BadgesEnabled") ? " checked" : "")
            .Append(("> " + E(T("Milestone badges (first order, 10th order, one year, top tier)")) + "</label></p>\n")).Append(Error("Challenges"));
        for (var row = 0; row < _rows; row++)
        {
            var p = $"Challenges[{row}].";
            html.Append("<fieldset class=\"challenge-row\" id=\"challenge-row-").Append(row).Append("\"><legend>")
                .Append(V(p + "Name").Length > 0 ? E(V(p + "Name")) : T("New challenge")).Append("</legend>\n<div class=\"row\">")
                .Append(Text(p + "Id", "Number", "4")).Append(Text(p + "Name", "Name", "22")).Append(Text(p + "StartDate", T("First day"), "10"))
                .Append(Text(p + "EndDate", T("Last day"), "10")).Append(Select<ChallengeGoal>(p + "Goal", "Goal")).Append(Text(p + "Target", T("How many / how much"), "7"))
                .Append(Text(p + "CategoryIds", "Categories (Categories goal; empty: any)", "10")).Append("</div>\n<div class=\"row\">")
                .Append(Select<ChallengeReward>(p + "Reward", "Reward")).Append(Text(p + "RewardPoints", "Points", "7")).Append(Text(p + "CouponAmount", T("Coupon amount"), "7"))
                .Append(Text(p + "CouponValidDays", T("Coupon valid days"), "4")).Append(Box(p + "Leaderboard", T("Opt-in leaderboard")))
                .Append(Box(p + "Remove", "Remove")).Append("</div>\n</fieldset>\n");
        }
        return html.Append(("<p><button name=\"add\" value=\"challenge\" formnovalidate>" + E(T("Add a challenge")) + "</button> <button id=\"save\">" + E(T("Save")) + "</button></p>\n</form>\n")).ToString();
    }
}
