using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.Routing;
using Microsoft.AspNetCore.Routing;
using Retention.Core.Common;
using Retention.Core.Workflows;
using Retention.Testing.InMemory;

namespace Nop.Plugin.Misc.Retention.Tests.Ui;

/// <summary>
/// The real workflow classes (<see cref="WorkflowParts"/>) over Core's in-memory ports, with a signer and a fixed clock, so the workflow
/// pages are tested against <see cref="WorkflowLinks"/>' own token checks and a test can see every side effect in the ports.
/// </summary>
public sealed class WorkflowUiHarness
{
    public static readonly StoreId Store = new(2);

    public DateTime Now { get; set; } = new(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc);
    public Mock<IClock> Clock { get; } = new();
    public LinkSigner Signer { get; } = new(Enumerable.Range(1, 32).Select(i => (byte)(i * 5)).ToArray());
    public InMemoryWorkflowSettingsStore Settings { get; } = new(new StoreId(1), Store);
    public InMemoryWorkflowStores Stores { get; } = new();
    public FakeContactDirectory Contacts { get; } = new();
    public InMemoryMessageOutbox Outbox { get; } = new();
    public InMemoryCouponIssuer Coupons { get; } = new();
    public RecordingWorkflowContent Content { get; } = new();
    public InMemoryStoreData StoreData { get; } = new();
    public WorkflowParts Workflows { get; }

    public WorkflowUiHarness()
    {
        Clock.Setup(c => c.UtcNow).Returns(() => Now);
        Workflows = WorkflowParts.Compose(new WorkflowServices
        {
            Settings = Settings,
            Options = new InMemoryOptionsStore(),
            Enrollments = Stores,
            Events = Stores,
            Surveys = Stores,
            Contacts = Contacts,
            Outbox = Outbox,
            Coupons = Coupons,
            Content = Content,
            Store = StoreData,
            Runner = new InMemoryQueryRunner(),
            Lock = new InMemoryDistributedLock(Clock.Object),
            Clock = Clock.Object,
            Links = Signer,
            Data = Stores,
        });
    }

    /// <summary>An enrollment of the customer in the store, as an email's links refer to it.</summary>
    public async Task<Enrollment> EnrolledAsync(int customer, WorkflowKind workflow = WorkflowKind.AbandonedCart, string subject = "cart:1") =>
        await Stores.TryAddAsync(new Enrollment
        {
            Workflow = workflow,
            Store = Store,
            Customer = new CustomerId(customer),
            Subject = subject,
            EnrolledUtc = Now.AddDays(-1),
            AnchorUtc = Now.AddDays(-1),
            IsControl = false,
            NextDueUtc = Now.AddDays(1),
        });

    public string Token(LinkPurpose purpose, Enrollment enrollment, int value = 0, TimeSpan? lifetime = null) =>
        Signer.Sign(new LinkPayload(purpose, enrollment.Store, enrollment.Customer, enrollment.Id, 0, enrollment.Subject, value,
            Now + (lifetime ?? EmailLinks.LinkLifetime)));

    /// <summary>A link as an admin's preview or a test email carries it: signed for a real customer, marked as a preview.</summary>
    public string PreviewToken(LinkPurpose purpose, int customer, int value = 0) =>
        Signer.Sign(new LinkPayload(purpose, Store, new CustomerId(customer), 0, 0, "preview", value, Now + EmailLinks.LinkLifetime, IsPreview: true));

    /// <summary>The same token with one character of its signature changed.</summary>
    public static string Tampered(string token) => token[..^1] + (token[^1] == 'A' ? 'B' : 'A');

    /// <summary>A controller with an HTTP context and a real URL helper (its IsLocalUrl is what the click route relies on).</summary>
    public static T WithUrl<T>(T controller) where T : Controller
    {
        UiFixture.WithHttpContext(controller);
        controller.Url = new UrlHelper(new ActionContext(controller.HttpContext, new RouteData(), new ActionDescriptor()));
        return controller;
    }
}
