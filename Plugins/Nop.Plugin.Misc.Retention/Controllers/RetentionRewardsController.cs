using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Nop.Core;
using Nop.Plugin.Misc.Retention.Factories;
using Nop.Web.Framework.Controllers;
using Retention.Core.Common;
using Retention.Core.Loyalty;

namespace Nop.Plugin.Misc.Retention.Controllers;

/// <summary>
/// The shopper's pages: "My rewards" (always the current customer's own, from the work context) and the referral link
/// that remembers who invited a visitor until they register.
/// </summary>
[AutoValidateAntiforgeryToken]
public class RetentionRewardsController : BasePluginController
{
    public const string MyRewardsView = RetentionDefaults.ViewsPath + "Public/MyRewards.cshtml";
    public const string ReferralInvalidView = RetentionDefaults.ViewsPath + "Public/ReferralInvalid.cshtml";

    /// <summary>The cookie the registration handler reads (and verifies again) to credit the referrer.</summary>
    public const string ReferralCookieName = RetentionDefaults.ReferralCookieName;

    public const int ReferralCookieDays = 30;

    /// <summary>nopCommerce's home page route (<c>NopRouteNames.General.HOMEPAGE</c>).</summary>
    public const string HomepageRouteName = "Homepage";

    #region Fields

    private readonly RewardsModelFactory _modelFactory;
    private readonly IClock _clock;
    private readonly IStoreContext _storeContext;
    private readonly RetentionInstallSettings _installSettings;

    #endregion

    #region Ctor

    private readonly IWorkContext _workContext;
    private readonly global::Retention.Core.Challenges.ChallengeStore _challengeRecords;
    private readonly global::Retention.Core.Challenges.IChallengeSettingsStore _challengeSettings;

    public RetentionRewardsController(RewardsModelFactory modelFactory, IClock clock, IStoreContext storeContext, RetentionInstallSettings installSettings,
        IWorkContext workContext = null, global::Retention.Core.Challenges.ChallengeStore challengeRecords = null,
        global::Retention.Core.Challenges.IChallengeSettingsStore challengeSettings = null)
    {
        _workContext = workContext;
        _challengeRecords = challengeRecords;
        _challengeSettings = challengeSettings;
        _modelFactory = modelFactory;
        _clock = clock;
        _storeContext = storeContext;
        _installSettings = installSettings;
    }

    #endregion

    #region Methods

    /// <summary>"My rewards"; a guest gets the register / log in prompt and no figures.</summary>
    public async Task<IActionResult> MyRewards() => View(MyRewardsView, await _modelFactory.PrepareMyRewardsAsync());

    /// <summary>
    /// The current customer joins or leaves a challenge's leaderboard (a POST from My rewards, with its antiforgery token);
    /// only a registered customer, and only for a challenge of this store that offers one. Back to My rewards either way.
    /// </summary>
    [HttpPost]
    public async Task<IActionResult> Leaderboard(int challenge, bool join)
    {
        var customer = await _workContext.GetCurrentCustomerAsync();
        var store = await _storeContext.GetCurrentStoreAsync();
        if (_challengeRecords != null && _challengeSettings != null && !await _modelFactory.IsGuestAsync(customer)
            && (await _challengeSettings.LoadAsync(new StoreId(store.Id))).Find(challenge) is { Leaderboard: true })
            await _challengeRecords.SetLeaderboardAsync(new StoreId(store.Id), challenge, new CustomerId(customer.Id), join);
        return RedirectToRoute(Infrastructure.RouteProvider.MyRewardsRouteName);
    }

    /// <summary>
    /// /retention/r/{code}: a valid code of this store is kept in an HttpOnly cookie for 30 days and the visitor goes to
    /// the home page; anything else gets an error page and no cookie.
    /// </summary>
    public async Task<IActionResult> Referral(string code)
    {
        var store = await _storeContext.GetCurrentStoreAsync();
        if (ReferralCodes.Read(new StoreId(store.Id), code, _installSettings.ReferralSecretBytes()) == null)
        {
            var invalid = View(ReferralInvalidView);
            invalid.StatusCode = StatusCodes.Status404NotFound;
            return invalid;
        }

        Response.Cookies.Append(ReferralCookieName, code, new CookieOptions
        {
            HttpOnly = true,
            Secure = Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            Path = "/",
            Expires = new DateTimeOffset(_clock.UtcNow.AddDays(ReferralCookieDays), TimeSpan.Zero),
        });
        return RedirectToRoute(HomepageRouteName);
    }

    #endregion
}
