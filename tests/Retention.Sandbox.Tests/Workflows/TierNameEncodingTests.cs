using System.Text.Json;
using Retention.Core.Common;
using Retention.Core.Loyalty;
using Retention.Core.Store;
using Retention.Core.Workflows;
using Retention.Sandbox.Data;
using Retention.Sandbox.Ports;
using Retention.Sandbox.Tests.Infrastructure;
using Retention.Sandbox.Web;
using Retention.Sandbox.Workflows;

namespace Retention.Sandbox.Tests.Workflows;

/// <summary>
/// A tier name saved before names were checked can hold markup. The sandbox's tier-up email must show it as text: the
/// content port fills the plain token, the outbox renders it encoded into the HTML body.
/// </summary>
public sealed class TierNameEncodingTests
{
    private const string Sneaky = "Gold<a href=\"https://evil.example/\">claim</a>";
    private static readonly StoreId Store = new(1);
    private static readonly DateTime Now = new(2026, 3, 2, 12, 0, 0, DateTimeKind.Utc);
    private TestDatabase _db = null!;

    [OneTimeSetUp]
    public async Task OpenAsync() => _db = await TestDatabase.CreateSqliteAsync();

    [OneTimeTearDown]
    public async Task CloseAsync()
    {
        if (_db is not null)
            await _db.DisposeAsync();
    }

    private sealed class FixedClock : IClock
    {
        public DateTime UtcNow => Now;
    }

    [Test]
    public async Task A_tier_name_stored_with_markup_reaches_the_tier_up_email_as_text()
    {
        var database = _db.Database;
        var customer = new CustomerFact
        {
            Id = 5, CustomerGuid = Guid.NewGuid(), FirstName = "Ada", Email = "ada@example.com", Active = true, RegisteredInStoreId = 1,
            CreatedOnUtc = Now.AddYears(-1),
        };
        await using (var db = database.CreateContext())
        {
            // Written as an older version saved it, past today's validation.
            var settings = new LoyaltySettings { Tiers = [new TierDefinition(Sneaky, 0m, 2m)] };
            Assert.That(settings.Validate().IsValid, Is.False, "today's validation refuses the name");
            db.LoyaltySettings.Add(new LoyaltySettingsRow { StoreId = Store.Value, Json = JsonSerializer.Serialize(settings), UpdatedUtc = Now });
            db.Customers.Add(customer);
            await db.SaveChangesAsync();
        }
        await SandboxLoyaltyStores.TierStandings(database, new FixedClock()).SaveAsync(Store, new CustomerId(customer.Id), new TierStanding(Sneaky));
        await using var context = database.CreateContext();
        var tiers = new TierEvaluation(SandboxLoyaltyStores.TierStandings(database, new FixedClock()), new EfStoreData(context), new EfQueryRunner(), new SandboxLoyaltyObserver(database));
        var loyalty = new LoyaltyViews(SandboxLoyaltyStores.Ledger(database), SandboxLoyaltyStores.Ledger(database), new EfLoyaltySettingsStore(database), tiers, new EfQueryRunner(),
            new FixedClock());
        var content = new SandboxWorkflowContent(database, () => "http://sandbox.test", loyalty, new EfLoyaltySettingsStore(database));

        var rendered = await content.RenderAsync(Message(customer.Id));
        var email = EmailView.Render(WorkflowCatalog.TemplateName(WorkflowKind.TierUp, 0), rendered.Tokens, customer, customer.Email!, "http://sandbox.test")!;

        Assert.That(rendered.Tokens[WorkflowTokens.TierName], Is.EqualTo(Sneaky), "the token holds the name as text");
        Assert.That(email.Html, Does.Not.Contain("<a href=\"https://evil.example/\">"));
        Assert.That(email.Html, Does.Contain("Gold&lt;a href=&quot;https://evil.example/&quot;&gt;claim&lt;/a&gt;"));
        Assert.That(email.Subject, Does.Contain(Sneaky), "the subject is text; the outbox page encodes it where it shows it");
        Assert.That(email.Text, Does.Contain(Sneaky));
    }

    private static StepMessage Message(int customer)
    {
        var enrollment = new Enrollment
        {
            Id = 1, Workflow = WorkflowKind.TierUp, Store = Store, Customer = new CustomerId(customer), Subject = "tier:gold", EnrolledUtc = Now,
            AnchorUtc = Now, IsControl = false,
        };
        var links = new StepLinks("u1", "c1", null, new Dictionary<int, string>(), null);
        var contact = new ContactFacts("ada@example.com", "Ada", true, false, true, false, TimeZoneInfo.Utc);
        return new StepMessage(enrollment, WorkflowCatalog.Default(WorkflowKind.TierUp), 0, contact, null, links, IsPreview: false);
    }
}
