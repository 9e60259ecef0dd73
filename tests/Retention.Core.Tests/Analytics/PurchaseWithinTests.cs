using Retention.Core.Analytics;

namespace Retention.Core.Tests.Analytics;

/// <summary>Issue 15: "about N of your customers will buy again in the next 90 days" is the model's own probability.</summary>
public class PurchaseWithinTests
{
    /// <summary>Customers drawn from the BG/NBD story (Fader, Hardie & Lee 2005, §2): λ ~ Gamma(r, α), p ~ Beta(a, b),
    /// purchases a Poisson process, drop-out with probability p right after each repeat purchase.</summary>
    private static (CustomerSummary Summary, bool BoughtLater) Simulate(Random random, double r, double alpha, double a, double b, double age, double later)
    {
        var lambda = Gamma(random, r) / alpha;
        var p = Beta(random, a, b);
        double time = 0, last = 0;
        var x = 0;
        while (true)
        {
            time += -Math.Log(1 - random.NextDouble()) / lambda;
            if (time > age + later)
                return (new CustomerSummary(x, last, age), false);
            if (time > age)
                return (new CustomerSummary(x, last, age), true);
            x++;
            last = time;
            if (random.NextDouble() < p)
                return (new CustomerSummary(x, last, age), false);
        }
    }

    [Test]
    public void Predicted_buyers_in_the_next_period_match_a_simulated_customer_base()
    {
        const double r = 0.6, alpha = 4, a = 0.8, b = 2.5, age = 39, later = 13;
        var model = BgNbdModel.FromParameters(r, alpha, a, b);
        var random = new Random(15);
        var customers = Enumerable.Range(0, 60_000).Select(_ => Simulate(random, r, alpha, a, b, age, later)).ToList();

        var predicted = customers.Sum(c => model.ProbabilityOfPurchaseWithin(later, c.Summary));
        var actual = customers.Count(c => c.BoughtLater);
        var repeat = customers.Where(c => c.Summary.Frequency > 0).ToList();

        Assert.That(predicted, Is.EqualTo(actual).Within(3).Percent);
        Assert.That(repeat.Sum(c => model.ProbabilityOfPurchaseWithin(later, c.Summary)), Is.EqualTo(repeat.Count(c => c.BoughtLater)).Within(4).Percent,
            "the repeat buyers, whose P(alive) is below 1, too");
    }

    [Test]
    public void The_chance_of_buying_is_at_most_the_expected_purchases_and_the_chance_of_being_alive()
    {
        var model = BgNbdModel.FromParameters(0.243, 4.414, 0.793, 2.426);
        var customer = new CustomerSummary(3, 20, 38);

        var p = model.ProbabilityOfPurchaseWithin(13, customer);

        Assert.That(p, Is.GreaterThan(0).And.LessThan(model.ConditionalExpectedPurchases(13, customer)).And.LessThan(model.ProbabilityAlive(customer)));
        Assert.That(model.ProbabilityOfPurchaseWithin(1e7, customer), Is.EqualTo(model.ProbabilityAlive(customer)).Within(1e-6));
    }

    private static double Gamma(Random random, double shape)
    {
        // Marsaglia–Tsang, with the shape < 1 boost.
        if (shape < 1)
            return Gamma(random, shape + 1) * Math.Pow(random.NextDouble(), 1 / shape);
        var d = shape - 1.0 / 3;
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double z, v;
            do
            {
                z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                v = 1 + c * z;
            } while (v <= 0);
            v = v * v * v;
            var u = random.NextDouble();
            if (Math.Log(u) < 0.5 * z * z + d - d * v + d * Math.Log(v))
                return d * v;
        }
    }

    private static double Beta(Random random, double a, double b)
    {
        var x = Gamma(random, a);
        return x / (x + Gamma(random, b));
    }
}
