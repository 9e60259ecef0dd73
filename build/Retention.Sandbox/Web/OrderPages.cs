using Retention.Core.Localization;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.EntityFrameworkCore;
using Retention.Core.Common;
using Retention.Core.Events;
using Retention.Core.Store;
using Retention.Sandbox.Data;
using Retention.Sandbox.Demo;
using static Retention.Sandbox.Web.Html;
using static Retention.Sandbox.Web.SandboxTexts;

namespace Retention.Sandbox.Web;

/// <summary>
/// A customer's recent orders on the admin customer page, with the one thing the sandbox's admin does to an order that the
/// checkout does not: mark it delivered, as a store's shipping does in nopCommerce (the order completes), which is what
/// starts the review request and the satisfaction survey.
/// </summary>
public static class OrderPages
{
    private static readonly StoreId Store = new(DemoStoreGenerator.StoreId);
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    public const int Shown = 10;

    // The form's only field is the antiforgery token, so nothing binds from the form: the check is asked for by name.
    public static void Map(WebApplication app)
    {
        app.MapPost("/admin/orders/{id}/delivered", MarkDeliveredAsync).WithMetadata(new Microsoft.AspNetCore.Antiforgery.RequireAntiforgeryTokenAttribute());
        app.MapPost("/admin/orders/{id}/cancel", CancelAsync).WithMetadata(new Microsoft.AspNetCore.Antiforgery.RequireAntiforgeryTokenAttribute());
    }

    /// <summary>The customer's last orders, newest first; processing ones with a "mark delivered" button.</summary>
    public static async Task<string> BlockAsync(int customer, HttpContext http, IAntiforgery antiforgery, SandboxDbContext db, CancellationToken cancellationToken)
    {
        var orders = await db.Orders.AsNoTracking().Where(o => o.CustomerId == customer && o.StoreId == Store.Value)
            .OrderByDescending(o => o.Id).Take(Shown).ToListAsync(cancellationToken);
        var html = new StringBuilder(("<section class=\"widget\" id=\"orders\">\n<h2>" + E(T("Orders")) + "</h2>\n"));
        if (orders.Count == 0)
            return html.Append(("<p class=\"muted\">" + E(T("No orders yet.")) + "</p>\n</section>\n")).ToString();
        var tokens = antiforgery.GetAndStoreTokens(http);
        html.Append(("<table class=\"report\">\n<thead><tr><th>" + E(T("Order")) + "</th><th>" + E(T("Placed")) + "</th><th class=\"num\">" + E(T("Total")) + "</th><th>" + E(T("Status")) + "</th><th></th></tr></thead>\n<tbody>\n"));
        foreach (var order in orders)
        {
            var state = (OrderState)order.OrderStatusId;
            html.Append("<tr id=\"order-").Append(order.Id).Append("\"><td>").Append(order.Id).Append("</td><td>")
                .Append(E(order.CreatedOnUtc.ToString("yyyy-MM-dd HH:mm", Inv))).Append("</td><td class=\"num\">")
                .Append(E(order.OrderTotal.ToString("N2", Inv))).Append("</td><td>").Append(E(Status(state))).Append("</td><td>");
            if (state == OrderState.Processing)
                html.Append("<form method=\"post\" action=\"/admin/orders/").Append(order.Id).Append("/delivered\" class=\"inline\">")
                    .Append("<input type=\"hidden\" name=\"").Append(E(tokens.FormFieldName)).Append("\" value=\"").Append(E(tokens.RequestToken)).Append("\">")
                    .Append(("<button>" + E(T("Mark delivered")) + "</button></form>"));
            if (state is OrderState.Pending or OrderState.Processing)
                html.Append(" <form method=\"post\" action=\"/admin/orders/").Append(order.Id).Append("/cancel\" class=\"inline\">")
                    .Append("<input type=\"hidden\" name=\"").Append(E(tokens.FormFieldName)).Append("\" value=\"").Append(E(tokens.RequestToken)).Append("\">")
                    .Append(("<button>" + E(T("Cancel order")) + "</button></form>"));
            html.Append("</td></tr>\n");
        }
        return html.Append(("</tbody></table>\n<p class=\"muted\">" + E(T("Delivered orders start the review request and the satisfaction survey.")) + " ")
                + (E(T("A cancelled order gives back the points spent on it and takes back the points it earned.")) + "</p>\n</section>\n"))
            .ToString();
    }

    /// <summary>Completes a processing order and hands Core's door the delivery; back to the customer's page.</summary>
    public static async Task<IResult> MarkDeliveredAsync(string id, SandboxDbContext db, StoreEvents events, IClock clock, CancellationToken cancellationToken)
    {
        if (!int.TryParse(id, NumberStyles.None, Inv, out var orderId) || orderId <= 0)
            return Page("Order not found", $"<p class=\"error\">{E(F("'{raw}' is not an order number.", TextArg.Of("raw", id)))}</p>", StatusCodes.Status404NotFound);
        var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orderId && o.StoreId == Store.Value, cancellationToken);
        if (order == null)
            return Page("Order not found", $"<p class=\"error\">{E(F("There is no order {order}.", TextArg.Of("order", orderId.ToString(Inv))))}</p>", StatusCodes.Status404NotFound);
        if ((OrderState)order.OrderStatusId != OrderState.Processing)
            return Page("Order not delivered", $"<p class=\"error\" id=\"order-refused\">{E(F("Order {order} is {status}: only a processing order can be delivered.", TextArg.Of("order", orderId.ToString(Inv)), TextArg.Of("status", Status((OrderState)order.OrderStatusId))))}</p>"
                + $"<p><a href=\"/admin/customers/{order.CustomerId}\">{E(T("Back to the customer"))}</a></p>", StatusCodes.Status409Conflict);
        // One statement that expects the state it read: of two clicks, one completes the order and tells the door.
        var changed = await db.Orders.Where(o => o.Id == orderId && o.OrderStatusId == (int)OrderState.Processing)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.OrderStatusId, (int)OrderState.Complete), cancellationToken);
        if (changed == 1)
        {
            await events.OrderChangedAsync(Store, new CustomerId(order.CustomerId), cancellationToken);
            await events.OrderDeliveredAsync(Store, new CustomerId(order.CustomerId), order.Id, clock.UtcNow, cancellationToken);
        }
        return Results.Redirect($"/admin/customers/{order.CustomerId}?delivered={order.Id}", permanent: false, preserveMethod: false);
    }

    /// <summary>Cancels the order through the checkout (points given back and taken back); back to the customer's page.</summary>
    public static async Task<IResult> CancelAsync(string id, SandboxDbContext db, Workflows.SandboxCheckout checkout, CancellationToken cancellationToken)
    {
        if (!int.TryParse(id, NumberStyles.None, Inv, out var orderId) || orderId <= 0)
            return Page("Order not found", $"<p class=\"error\">{E(F("'{raw}' is not an order number.", TextArg.Of("raw", id)))}</p>", StatusCodes.Status404NotFound);
        var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orderId && o.StoreId == Store.Value, cancellationToken);
        if (order == null)
            return Page("Order not found", $"<p class=\"error\">{E(F("There is no order {order}.", TextArg.Of("order", orderId.ToString(Inv))))}</p>", StatusCodes.Status404NotFound);
        if (await checkout.CancelAsync(Store, orderId, cancellationToken) is { } refused)
            return Page("Order not cancelled", $"<p class=\"error\" id=\"order-refused\">{E(refused)}</p>"
                + $"<p><a href=\"/admin/customers/{order.CustomerId}\">{E(T("Back to the customer"))}</a></p>", StatusCodes.Status409Conflict);
        return Results.Redirect($"/admin/customers/{order.CustomerId}?cancelled={order.Id}", permanent: false, preserveMethod: false);
    }

    private static string Status(OrderState state) => state switch
    {
        OrderState.Pending => "pending",
        OrderState.Processing => "processing",
        OrderState.Complete => "delivered (complete)",
        OrderState.Cancelled => "cancelled",
        _ => state.ToString(),
    };
}
