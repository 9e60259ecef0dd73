using System.Linq.Expressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Nop.Plugin.Misc.Retention.Infrastructure;
using Nop.Plugin.Misc.Retention.Data;
using Nop.Plugin.Misc.Retention.Services;
using Retention.Core.Metrics;
using Retention.Core.Store;

namespace Nop.Plugin.Misc.Retention.Tests.Dashboard;

/// <summary>
/// The plugin's median time between purchases: the window-function query is what the startup registers and what the
/// refresh task hands to the dashboard. linq2db cannot run here (NopSdk stands in for it), so the query itself is
/// checked by its shape; Core's tests prove the search over any such pairing.
/// </summary>
public class PurchaseGapWiringTests
{
    [Test]
    public void Startup_registers_the_window_function_median_as_the_purchase_gap_query()
    {
        var services = new ServiceCollection();
        new NopStartup().ConfigureServices(services, new ConfigurationBuilder().Build());

        var registration = services.Single(s => s.ServiceType == typeof(IPurchaseGapQuery));

        Assert.That(registration.ImplementationType, Is.EqualTo(typeof(NopPurchaseGapQuery)));
        Assert.That(registration.Lifetime, Is.EqualTo(ServiceLifetime.Scoped), "it reads the request's repositories");
    }

    [Test]
    public async Task Refresh_task_takes_the_median_days_between_purchases_from_its_one_read_of_the_orders()
    {
        // Issue 16: the snapshot's median comes from the build's one read of the orders; the registered gap query serves
        // the per-query build (DashboardBuilder.UseQueries) and the metrics page, and must not be asked here.
        var gaps = new Mock<IPurchaseGapQuery>(MockBehavior.Strict);
        var (task, snapshots) = DashboardPluginTests.Task(gaps.Object, storeIds: new[] { 1 });

        await task.ExecuteAsync();

        // Store 1's only repeat buyer ordered 40 and 10 days ago: one gap of 30 days.
        Assert.That(DashboardPluginTests.Kpi(snapshots.Single(), "tbp"), Is.EqualTo(30));
        gaps.VerifyNoOtherCalls();
    }

    [Test]
    public void Refresh_task_cannot_be_built_without_a_gap_query()
    {
        Assert.That(() => new RefreshMetricsTask(null, null, null, null, null, null, null, null, null, gaps: null),
            Throws.ArgumentNullException.With.Property("ParamName").EqualTo("gaps"));
    }

    [Test]
    public void Orders_are_paired_with_the_customers_next_order_by_one_LEAD_window_partitioned_by_customer_ordered_by_date_then_id()
    {
        var query = NopPurchaseGapQuery.Successors(Array.Empty<OrderFact>().AsQueryable());

        var calls = new CallCollector();
        calls.Visit(query.Expression);
        var chain = calls.Calls.Where(c => c.Method.DeclaringType!.Namespace == "LinqToDB").ToDictionary(c => c.Method.Name);

        Assert.That(chain.Keys, Is.EquivalentTo(new[] { "Lead", "Over", "PartitionBy", "OrderBy", "ThenBy", "ToValue" }));
        Assert.Multiple(() =>
        {
            Assert.That(Member(chain["Lead"].Arguments[1]), Is.EqualTo(nameof(OrderFact.CreatedOnUtc)));
            Assert.That(chain["Lead"].Method.ReturnType.GetGenericArguments()[0], Is.EqualTo(typeof(DateTime?)), "a customer's last order has no next");
            Assert.That(((NewArrayExpression)chain["PartitionBy"].Arguments[0]).Expressions.Select(Member), Is.EqualTo(new[] { nameof(OrderFact.CustomerId) }));
            Assert.That(Member(chain["OrderBy"].Arguments[0]), Is.EqualTo(nameof(OrderFact.CreatedOnUtc)));
            Assert.That(Member(chain["ThenBy"].Arguments[0]), Is.EqualTo(nameof(OrderFact.Id)), "orders at one instant keep a fixed order");
        });
    }

    private static string Member(Expression expression) => expression switch
    {
        UnaryExpression { NodeType: ExpressionType.Convert } convert => Member(convert.Operand),
        MemberExpression member => member.Member.Name,
        _ => expression.ToString(),
    };

    private sealed class CallCollector : ExpressionVisitor
    {
        public List<MethodCallExpression> Calls { get; } = new();

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            Calls.Add(node);
            return base.VisitMethodCall(node);
        }
    }
}
